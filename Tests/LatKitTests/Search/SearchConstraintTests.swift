import XCTest

@testable import LatKit

/// Margin maths and constraint checks of pipelines.
final class SearchConstraintTests: XCTestCase {
    func testNormalQuantileMatchesTables() {
        XCTAssertEqual(NormalQuantile.z(0.9), 1.2815516, accuracy: 1e-6)
        XCTAssertEqual(NormalQuantile.z(0.95), 1.6448536, accuracy: 1e-6)
        XCTAssertEqual(NormalQuantile.z(0.5), 0, accuracy: 1e-12)
        XCTAssertEqual(NormalQuantile.z(0.999), 3.0902323, accuracy: 1e-6)
        XCTAssertEqual(NormalQuantile.z(0.01), -2.3263479, accuracy: 1e-6)
    }

    func testMarginAutoAddsZStandardDeviations() {
        let constraint = SearchConstraint(evaluator: "note10", maximum: 25, minimum: nil, margin: .auto(confidence: 0.9))
        XCTAssertTrue(constraint.holds(mean: 24, std: 0.78))  // 24 + 1.2816 * 0.78 = 24.9996
        XCTAssertFalse(constraint.holds(mean: 24, std: 0.79))  // 25.0124
        XCTAssertTrue(SearchConstraint(evaluator: "x", maximum: 25, minimum: nil).holds(mean: 25, std: 10))
        XCTAssertFalse(SearchConstraint(evaluator: "x", maximum: 25, minimum: nil, margin: .fixed(1)).holds(mean: 24.5, std: nil))
        XCTAssertFalse(SearchConstraint(evaluator: "x", maximum: 25, minimum: nil).holds(mean: .nan, std: nil))
        XCTAssertFalse(SearchConstraint(evaluator: "x", maximum: nil, minimum: 0.7, margin: .fixed(0.01)).holds(mean: 0.705, std: nil))
        XCTAssertEqual(constraint.text, "note10 <= 25, margin auto at 90%")
    }
}
