import XCTest

@testable import LatKit

/// The built-in strategies (evolution, random, nsga2) on the synthetic problem: what they find,
/// how they use the budget, and how they fail.
final class SearchStrategyTests: XCTestCase {
    private func strategy(_ name: String, _ options: [String: String] = [:]) throws -> SearchStrategy {
        try TestPaths.catalog("search").searchStrategy(name, options: options)
    }

    func testTheLibraryPassesTheConformanceSuite() {
        let result = runCLI(["plugins", "check", TestPaths.plugin("search")])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        XCTAssertTrue(result.out.contains("21 passed, 0 failed, 0 skipped"), result.out)
    }

    func testEvolutionFindsTheConstrainedOptimumAndKeepsEveryResultFeasible() throws {
        // 12 genes in 0...4, score weights 1,2,1,2,...; cost = sum <= 30. The optimum puts the
        // whole cost on the weight-2 genes: 6 genes x 4 = 24, plus 6 on weight-1 genes: 48 + 6 = 54.
        let problem = SyntheticSearchProblem(costLimit: 30, twoObjectives: false)
        let found = try strategy("evolution", ["population": "40", "generations": "60"]).run(
            problem, seed: 3, maxEvaluations: 10_000, progress: nil)
        let best = try problem.evaluate([found[0]])[0]
        XCTAssertTrue(best.feasible)
        XCTAssertGreaterThanOrEqual(best.objectives[0], 52, "best \(found[0])")
        XCTAssertLessThanOrEqual(best.objectives[0], 54)
        XCTAssertEqual(Set(found).count, found.count, "results repeat an architecture")
        XCTAssertTrue(try problem.evaluate(found).allSatisfy(\.feasible))
        // Best first.
        let scores = try problem.evaluate(found).map { $0.objectives[0] }
        XCTAssertEqual(scores, scores.sorted(by: >))
    }

    func testEvolutionBeatsRandomSearchOnTheSameBudget() throws {
        let budget = 3_000
        let evolved = SyntheticSearchProblem(costLimit: 30, twoObjectives: false)
        let best = try strategy("evolution", ["population": "50", "generations": "200"]).run(
            evolved, seed: 1, maxEvaluations: budget, progress: nil)
        let sampled = SyntheticSearchProblem(costLimit: 30, twoObjectives: false)
        let baseline = try strategy("random").run(sampled, seed: 1, maxEvaluations: budget, progress: nil)
        XCTAssertLessThanOrEqual(sampled.evaluated.count, budget)
        XCTAssertLessThanOrEqual(evolved.evaluated.count, budget)
        XCTAssertGreaterThan(try evolved.evaluate([best[0]])[0].objectives[0], try sampled.evaluate([baseline[0]])[0].objectives[0])
    }

    func testEvolutionEvaluatesEachGenerationInOneCallWhenNothingIsRejected() throws {
        // With a limit no architecture can break, no candidate is resampled: one call for the
        // first population, then one per generation.
        let problem = SyntheticSearchProblem(costLimit: 1_000, twoObjectives: false)
        _ = try strategy("evolution", ["population": "20", "generations": "7"]).run(problem, seed: 0, maxEvaluations: 10_000, progress: nil)
        XCTAssertEqual(problem.evaluateCalls, 8)
        XCTAssertEqual(problem.evaluated.count, 20 + 7 * 15)  // 5 parents kept, 10 mutants, 5 children
    }

    func testAnUnreachableConstraintIsAClearError() throws {
        let problem = SyntheticSearchProblem(costLimit: -1, twoObjectives: false)
        for name in ["evolution", "random", "nsga2"] {
            XCTAssertThrowsError(
                try strategy(name, ["max_tries": "3"].filter { _ in name == "evolution" }).run(
                    problem, seed: 0, maxEvaluations: 2_000, progress: nil)
            ) { error in
                XCTAssertTrue("\(error)".contains("meets the constraints"), "\(name): \(error)")
            }
        }
    }

    func testNSGA2ReturnsAFeasibleNonDominatedFront() throws {
        let problem = SyntheticSearchProblem(costLimit: 30)
        let front = try strategy("nsga2", ["population": "40", "generations": "40"]).run(
            problem, seed: 5, maxEvaluations: 5_000, progress: nil)
        let values = try problem.evaluate(front)
        XCTAssertGreaterThan(front.count, 5)
        XCTAssertTrue(values.allSatisfy(\.feasible))
        for a in values {
            for b in values {
                let dominates = b.objectives[0] >= a.objectives[0] && b.objectives[1] <= a.objectives[1] && b.objectives != a.objectives
                XCTAssertFalse(dominates, "\(b.objectives) dominates \(a.objectives) within the front")
            }
        }
        // The front spans the trade-off: its best score is near the constrained optimum (54) and
        // its cheapest member costs little.
        XCTAssertGreaterThanOrEqual(values.map { $0.objectives[0] }.max()!, 50)
        XCTAssertLessThanOrEqual(values.map { $0.objectives[1] }.min()!, 5)
    }

    func testOptionsAreChecked() {
        XCTAssertThrowsError(try strategy("evolution", ["parent_ratio": "0.7", "mutation_ratio": "0.5"])) { error in
            XCTAssertTrue("\(error)".contains("parent_ratio + mutation_ratio must be at most 1"), "\(error)")
        }
        XCTAssertThrowsError(try strategy("nsga2", ["population": "1"])) { error in
            XCTAssertTrue("\(error)".contains("population=1"), "\(error)")
        }
    }
}
