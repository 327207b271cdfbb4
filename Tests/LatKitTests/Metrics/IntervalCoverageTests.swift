import XCTest

@testable import LatKit

/// The nominal 90% interval's coverage, overall and by quarter of the predicted values.
final class IntervalCoverageTests: XCTestCase {
    func testCoverageByQuarterOfPredictedValueSmallestFirst() throws {
        // Eight rows, listed out of order; by prediction the quarters are (1, 2), (3, 4), (5, 6),
        // (7, 8). Every error is 1; a std of 1 covers it (1.645 >= 1), a std of 0.5 does not.
        let predicted: [Double] = [7, 1, 5, 3, 8, 2, 6, 4]
        let std: [Double] = [0.5, 1, 0.5, 1, 0.5, 1, 1, 0.5]
        let evaluation = try Evaluation(
            scoring: "m", trainCount: 1, testRows: Array(0..<8), predictions: Predictions(mean: predicted, std: std),
            actual: predicted.map { $0 + 1 }, fitSeconds: 0, predictSeconds: 0)
        XCTAssertEqual(try XCTUnwrap(evaluation.coverage90ByQuarter), [100, 50, 50, 0])
        XCTAssertEqual(try XCTUnwrap(evaluation.interval90).coveragePct, 50)
        let record = evaluation.record(source: "d", target: "t", space: "s", split: "x", seed: 0, options: [:])
        XCTAssertEqual(record.coverage90ByQuarterPct, [100, 50, 50, 0])

        let unsure = try Evaluation(
            scoring: "m", trainCount: 1, testRows: [0, 1, 2], predictions: Predictions(mean: [1, 2, 3], std: [1, 1, 1]), actual: [1, 2, 3],
            fitSeconds: 0, predictSeconds: 0)
        XCTAssertNil(unsure.coverage90ByQuarter, "fewer than 4 rows")
        let noStd = try Evaluation(
            scoring: "m", trainCount: 1, testRows: Array(0..<4), predictions: Predictions(mean: [1, 2, 3, 4], std: nil),
            actual: [1, 2, 3, 4], fitSeconds: 0, predictSeconds: 0)
        XCTAssertNil(noStd.coverage90ByQuarter)
    }
}
