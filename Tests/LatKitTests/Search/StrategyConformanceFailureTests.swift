import Foundation
import XCTest

@testable import LatKit

/// The strategy conformance suite catches each broken rule, and the host refuses a strategy that
/// overspends its budget.
final class StrategyConformanceFailureTests: XCTestCase {
    private func check(case number: Int) throws -> CLIResult {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CFixtures.build("Tests/PluginFixtures/misbehaving_strategy.c", name: "fx", in: folder, defines: ["CASE=\(number)"])
        return runCLI(["plugins", "check", path])
    }

    func testAWellBehavedStrategyPasses() throws {
        let result = try check(case: 0)
        XCTAssertEqual(result.status, 0, result.out)
        XCTAssertTrue(result.out.contains("6 passed, 0 failed, 1 skipped"), result.out)
        XCTAssertTrue(result.out.contains("[SKIP] a cancel request stops the run: the strategy reports no progress"), result.out)
    }

    func testEachBrokenRuleFailsItsCheck() throws {
        let expected = [
            1: "[FAIL] budget respected: asked the host for too much: evaluation budget exceeded: 50 more asked after 600 of 600",
            2: "[FAIL] a failed host call is passed on: run succeeded although evaluate call 2 failed",
            3: "[FAIL] same seed, same result: seed 7 gave different results twice",
            4: "[FAIL] results are canonical, evaluated and feasible: result 0 '",
        ]
        for (number, line) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try check(case: number)
            XCTAssertEqual(result.status, 1, "case \(number): \(result.out)")
            XCTAssertTrue(result.out.contains(line), "case \(number): \(result.out)")
            XCTAssertEqual(result.out.components(separatedBy: "[FAIL]").count, 2, "case \(number) fails exactly one check: \(result.out)")
        }
    }

    func testTheHostRefusesAnOverspendingStrategyWithTheBudgetError() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = PluginCatalog()
        try catalog.load(
            file: try CFixtures.build("Tests/PluginFixtures/misbehaving_strategy.c", name: "fx", in: folder, defines: ["CASE=1"]))
        let problem = SyntheticSearchProblem()
        XCTAssertThrowsError(try catalog.searchStrategy("fixture-misbehaving").run(problem, seed: 0, maxEvaluations: 120, progress: nil)) {
            XCTAssertEqual("\($0)", "evaluation budget exceeded: 50 more asked after 100 of 120")
        }
        XCTAssertEqual(problem.evaluated.count, 100, "the refused batch never reached the problem")
    }
}
