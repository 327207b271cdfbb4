import XCTest

@testable import LatKit

final class RegressionMetricsTests: XCTestCase {
    func testHandComputedValues() throws {
        // actual     10    10    10    25
        // predicted  10.8   9.1  10.4  20
        // error      +0.8  -0.9  +0.4  -5     sum = -4.7  -> bias = -1.175
        // |error|     0.8   0.9   0.4   5     sum = 7.1   -> MAE = 1.775, max = 5
        // error^2     0.64  0.81  0.16 25     sum = 26.61 -> RMSE = sqrt(26.61 / 4) = sqrt(6.6525)
        // |error|/a   8 %   9 %   4 %  20 %   sum = 41 %  -> MAPE = 10.25 %
        // within 5 %: one row (4 %) -> 25 %; within 10 %: three rows -> 75 %
        let metrics = try RegressionMetrics(predicted: [10.8, 9.1, 10.4, 20], actual: [10, 10, 10, 25])
        XCTAssertEqual(metrics.count, 4)
        XCTAssertEqual(metrics.rmse, 6.6525.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(metrics.rmse, 2.579244, accuracy: 1e-6)
        XCTAssertEqual(metrics.mae, 1.775, accuracy: 1e-12)
        XCTAssertEqual(metrics.mape, 10.25, accuracy: 1e-12)
        XCTAssertEqual(metrics.within5Percent, 25)
        XCTAssertEqual(metrics.within10Percent, 75)
        XCTAssertEqual(metrics.maxAbsoluteError, 5)
        XCTAssertEqual(metrics.bias, -1.175, accuracy: 1e-12)
    }

    func testRMSEIsNotTheAverageOfPerRowErrors() throws {
        // Errors 1 and 3: MAE 2, but RMSE sqrt((1 + 9) / 2) = sqrt(5).
        let metrics = try RegressionMetrics(predicted: [11, 23], actual: [10, 20])
        XCTAssertEqual(metrics.mae, 2)
        XCTAssertEqual(metrics.rmse, 5.0.squareRoot(), accuracy: 1e-12)
    }

    func testPerfectPredictions() throws {
        let metrics = try RegressionMetrics(predicted: [1, 2, 3], actual: [1, 2, 3])
        XCTAssertEqual([metrics.rmse, metrics.mae, metrics.mape, metrics.maxAbsoluteError, metrics.bias], [0, 0, 0, 0, 0])
        XCTAssertEqual(metrics.within5Percent, 100)
    }

    func testInvalidInputs() {
        XCTAssertThrowsError(try RegressionMetrics(predicted: [], actual: [])) { XCTAssertEqual($0 as? MetricError, .empty) }
        XCTAssertThrowsError(try RegressionMetrics(predicted: [1], actual: [1, 2])) { error in
            XCTAssertEqual("\(error)", "cannot compare 1 values with 2 values")
        }
        XCTAssertThrowsError(try RegressionMetrics(predicted: [1, .nan], actual: [1, 2])) { error in
            XCTAssertEqual(error as? MetricError, .notFinite(sequence: "predicted", index: 1))
        }
        XCTAssertThrowsError(try RegressionMetrics(predicted: [1, 2], actual: [1, 0])) { error in
            XCTAssertEqual(error as? MetricError, .zeroActual(index: 1))
        }
    }
}
