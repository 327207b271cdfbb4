import LatKitPluginKit

/// `random`: uniform random search, the baseline every NAS result should be compared with.
///
/// Samples `batch` architectures per host call until the budget is spent and returns the best
/// `keep` feasible ones by the first objective, best first.
final class RandomStrategy: SearchStrategyPlugin {
    static let name = "random"
    static let version = "1.0.0"
    static let summary = "Random search: uniform samples until the budget is spent; the best feasible ones by the first objective"
    static let optionsHelp = """
        batch=100  architectures sampled and evaluated per host call
        keep=10    how many of the best feasible architectures to return
        """

    let batch: Int
    let keep: Int

    init(options: PluginOptions) throws {
        batch = try options.int("batch", default: 100, in: 1...1_000_000)
        keep = try options.int("keep", default: 10, in: 1...1_000_000)
    }

    func run(context: SearchContext, seed: UInt64, maxEvaluations: Int) throws -> [String] {
        let budget = EvaluationBudget(context: context, seed: seed, maxEvaluations: maxEvaluations)
        var best: [Candidate] = []
        while budget.remaining > 0 {
            let round = try budget.sampleAndEvaluate(batch).filter(\.feasible)
            var seen = Set<String>()
            best = Array(
                (best + round).rankedByScore(maximize: context.maximize).filter { seen.insert($0.architecture).inserted }.prefix(keep))
            let fraction = Double(budget.used) / Double(max(maxEvaluations, 1))
            let shown = best.first.map { "\(context.objectiveNames[0]) \(format($0.objectives[0]))" } ?? "none feasible yet"
            try context.report(fraction, "\(budget.used)/\(maxEvaluations) evaluated, best \(shown)")
        }
        guard !best.isEmpty else { throw Infeasibility.none(evaluated: budget.used) }
        return best.map(\.architecture)
    }
}
