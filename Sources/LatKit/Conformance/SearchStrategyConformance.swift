/// The conformance suite for search strategies, run on a `SyntheticSearchProblem`: the budget
/// is respected, the same seed gives the same result, results are canonical, evaluated and
/// feasible, a failed host call is passed on, and a cancel request stops the run.
enum SearchStrategyConformance {
    static let budget = 600

    static func run(_ plugin: PluginInfo, options: [String: String], isolation: IsolationPolicy = .inProcess) -> ConformanceReport {
        var report = ConformanceReport(plugin: plugin.name, kind: plugin.kind)
        var strategy: OutcomeReportingStrategy?
        var first: (outcome: StrategyRunOutcome, problem: SyntheticSearchProblem)?

        report.record("create and destroy") {
            strategy = try isolation.outcomeReportingStrategy(plugin, options: options)
            return ""
        }
        report.recordUnknownOptionRefused(options: options) { _ = try isolation.outcomeReportingStrategy(plugin, options: $0) }
        report.record("budget respected") {
            guard let strategy else { throw ConformanceSkip(reason: "no instance") }
            let problem = SyntheticSearchProblem()
            let outcome = try finished(strategy.runOutcome(problem, seed: 7, maxEvaluations: budget, progress: nil))
            first = (outcome, problem)
            if let error = outcome.hostError as? SearchBudgetError { throw ConformanceFailure("asked the host for too much: \(error)") }
            if let failure = outcome.failure { throw ConformanceFailure("run failed: \(failure)") }
            try expect(problem.evaluated.count <= budget, "evaluated \(problem.evaluated.count) architectures with a budget of \(budget)")
            try expect(!outcome.results.isEmpty, "returned no architecture")
            return
                "\(problem.evaluated.count) of \(budget) evaluations in \(problem.evaluateCalls) batched calls, \(outcome.results.count) result(s)"
        }
        report.record("results are canonical, evaluated and feasible") {
            guard let (outcome, problem) = first, outcome.failure == nil else { throw ConformanceSkip(reason: "needs a successful run") }
            let seen = Set(problem.evaluated)
            let judge = SyntheticSearchProblem()  // a separate one, so the run's record stays as it was
            for (index, result) in outcome.results.enumerated() {
                guard let result else { throw ConformanceFailure("result item \(index) was never written") }
                try expect(problem.genes(result) != nil, "result \(index) '\(result)' is not a canonical architecture")
                try expect(seen.contains(result), "result \(index) '\(result)' was never evaluated")
                try expect(try judge.evaluate([result])[0].feasible, "result \(index) '\(result)' breaks the constraint")
            }
            return ""
        }
        report.record("same seed, same result") {
            guard let strategy, let (outcome, problem) = first, outcome.failure == nil else {
                throw ConformanceSkip(reason: "needs a successful run")
            }
            let again = SyntheticSearchProblem()
            let repeated = try finished(strategy.runOutcome(again, seed: 7, maxEvaluations: budget, progress: nil))
            try expect(repeated.results == outcome.results, "seed 7 gave different results twice")
            try expect(again.evaluated == problem.evaluated, "seed 7 evaluated different architectures twice")
            let other = SyntheticSearchProblem()
            _ = try finished(strategy.runOutcome(other, seed: 8, maxEvaluations: budget, progress: nil))
            try expect(other.evaluated != problem.evaluated, "seeds 7 and 8 evaluated the same architectures")
            return ""
        }
        report.record("a failed host call is passed on") {
            guard let strategy else { throw ConformanceSkip(reason: "no instance") }
            let problem = SyntheticSearchProblem()
            problem.failingCall = 2
            let outcome = try finished(strategy.runOutcome(problem, seed: 7, maxEvaluations: budget, progress: nil))
            guard problem.evaluateCalls >= 2 else { throw ConformanceSkip(reason: "the run made fewer than 2 evaluate calls") }
            guard let failure = outcome.failure else { throw ConformanceFailure("run succeeded although evaluate call 2 failed") }
            try expect(
                failure.status == problem.injectedFailure.status,
                "run returned status \(failure.status), the host's call failed with \(problem.injectedFailure.status)")
            return "returned: \(failure.message)"
        }
        report.record("a cancel request stops the run") {
            guard let strategy else { throw ConformanceSkip(reason: "no instance") }
            var reports = 0
            let outcome = try finished(
                strategy.runOutcome(SyntheticSearchProblem(), seed: 7, maxEvaluations: budget) { _, _ in
                    reports += 1
                    return false
                })
            guard reports > 0 else { throw ConformanceSkip(reason: "the strategy reports no progress") }
            try expect(outcome.failure?.status == 4, "run did not return LATKIT_ERR_CANCELLED after a cancel request")
            return ""
        }
        return report
    }

    /// The outcome of a run whose worker did not die; a crash, exit or timeout fails the check.
    private static func finished(_ outcome: StrategyRunOutcome) throws -> StrategyRunOutcome {
        if let ended = outcome.ended { throw ConformanceFailure("\(ended)") }
        return outcome
    }
}
