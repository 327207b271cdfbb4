import Foundation
import XCTest

@testable import LatKit

/// The plain-C strategy example, built with `cc`, checked by the conformance suite and used by
/// `latkit search` through its path.
final class CExampleStrategyTests: XCTestCase {
    func testBuildsWithCCPassesTheConformanceSuiteAndRunsAPipeline() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CFixtures.build("SDK/examples/c_strategy/local_search_strategy.c", name: "example_c_strategy", in: folder)
        let check = runCLI(["plugins", "check", path])
        XCTAssertEqual(check.status, 0, check.out + check.err)
        XCTAssertTrue(check.out.contains("example-c-local (search-strategy)"), check.out)
        XCTAssertTrue(check.out.contains("7 passed, 0 failed, 0 skipped"), check.out)

        let pipeline = try TestPaths.note10Pipeline(strategy: "{ \"name\": \"\(path)\", \"options\": { \"batch\": 50 } }", in: folder)
        let result = runCLI(["search", "--config", pipeline, "--budget", "500", "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["strategy"] as? String, "example-c-local")
        XCTAssertEqual(json["evaluations"] as? Int, 500)
        XCTAssertEqual(json["evaluate_calls"] as? Int, 10)
        let best = try XCTUnwrap((json["results"] as? [[String: Any]])?.first)
        XCTAssertLessThanOrEqual((best["values"] as? [String: Double])?["note10_ms"] ?? .infinity, 25)
    }
}
