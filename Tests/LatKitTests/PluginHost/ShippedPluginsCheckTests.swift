import Foundation
import XCTest

@testable import LatKit

/// Every plugin library shipped with latkit passes `latkit plugins check`, the conformance suite
/// a third party's plugin must pass: the search spaces, the strategies, and the estimators.
final class ShippedPluginsCheckTests: XCTestCase {
    private func check(_ product: String, file: StaticString = #filePath, line: UInt = #line) {
        let path = TestPaths.plugin(product)
        let result = runCLI(["--plugin-path", TestPaths.builtProducts, "plugins", "check", path])
        XCTAssertEqual(result.status, 0, "\(product):\n\(result.out)\(result.err)", file: file, line: line)
        XCTAssertTrue(result.out.contains(" 0 failed, "), "\(product):\n\(result.out)", file: file, line: line)
        XCTAssertFalse(result.out.contains("[FAIL]"), "\(product):\n\(result.out)", file: file, line: line)
    }

    func testSearchSpaces() {
        for product in ["ofa", "nasbench201", "fbnet"] { check(product) }
    }

    func testSearchStrategies() {
        check("search")
    }

    func testEstimators() {
        for product in ["lut", "flops", "mlp", "transfer"] { check(product) }
    }
}
