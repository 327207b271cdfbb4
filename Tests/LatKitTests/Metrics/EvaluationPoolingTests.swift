import XCTest

@testable import LatKit

/// Cross-validation folds scored as one evaluation: the metrics of all rows, not the mean of the
/// folds' metrics.
final class EvaluationPoolingTests: XCTestCase {
    func testPooledFoldsAreScoredOnAllTheirRows() throws {
        // Fold 1: errors +1, -1 (std 1, both inside 1.645); fold 2: error +6 (std 2: outside 3.29).
        let first = try Evaluation(
            scoring: "m", trainCount: 10, testRows: [4, 0], predictions: Predictions(mean: [11, 19], std: [1, 1]), actual: [10, 20],
            fitSeconds: 2, predictSeconds: 0.002)
        let second = try Evaluation(
            scoring: "m", trainCount: 12, testRows: [7], predictions: Predictions(mean: [36], std: [2]), actual: [30], fitSeconds: 4,
            predictSeconds: 0.004)
        let pooled = try Evaluation(pooling: [first, second])
        XCTAssertEqual(pooled.testRows, [4, 0, 7])
        XCTAssertEqual(pooled.actual, [10, 20, 30])
        XCTAssertEqual(pooled.trainCount, 11, "the mean training rows of a fold")
        XCTAssertEqual(pooled.fitSeconds, 3, "the mean fit time of a fold")
        XCTAssertEqual(pooled.predictMicrosecondsPerArchitecture, 2000, accuracy: 1e-6, "6 ms over 3 rows")
        // RMSE of (1, -1, 6): sqrt(38 / 3); the mean of the folds' RMSEs would be (1 + 6) / 2.
        XCTAssertEqual(pooled.metrics.rmse, (38.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(pooled.spearman ?? .nan, 1, accuracy: 1e-12)
        let interval = try XCTUnwrap(pooled.interval90)
        XCTAssertEqual(interval.coveragePct, 200.0 / 3, accuracy: 1e-9)

        // A fold without a std leaves the pool without one; no folds is an error.
        let noStd = try Evaluation(
            scoring: "m", trainCount: 10, testRows: [1], predictions: Predictions(mean: [5], std: nil), actual: [5], fitSeconds: 0,
            predictSeconds: 0)
        XCTAssertNil(try Evaluation(pooling: [first, noStd]).predictions.std)
        XCTAssertThrowsError(try Evaluation(pooling: []))
    }
}
