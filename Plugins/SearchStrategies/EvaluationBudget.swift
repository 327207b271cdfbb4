import LatKitPluginKit
import LatKitRandom

/// The run's evaluation budget and random stream around the host's context: evaluates batches,
/// never passing more architectures to the host than `maxEvaluations` in all, and hands out the
/// seeds for the host's sample, mutate and crossover calls.
final class EvaluationBudget {
    let context: SearchContext
    let maxEvaluations: Int
    private(set) var used = 0
    var random: SeededGenerator

    init(context: SearchContext, seed: UInt64, maxEvaluations: Int) {
        self.context = context
        self.maxEvaluations = maxEvaluations
        random = SeededGenerator(seed: seed)
    }

    /// Evaluations still allowed.
    var remaining: Int { maxEvaluations - used }

    /// A fresh seed for one host call.
    func nextSeed() -> UInt64 { random.next() }

    /// Evaluates `architectures` in one host call, truncated to the remaining budget.
    func evaluate(_ architectures: [String]) throws -> [Candidate] {
        let allowed = Array(architectures.prefix(max(remaining, 0)))
        guard !allowed.isEmpty else { return [] }
        let results = try context.evaluate(allowed)
        used += allowed.count
        return zip(allowed, results).map { Candidate(architecture: $0, objectives: $1.objectives, feasible: $1.feasible) }
    }

    /// `count` uniformly sampled architectures, evaluated in one call.
    func sampleAndEvaluate(_ count: Int) throws -> [Candidate] {
        let wanted = min(count, remaining)
        guard wanted > 0 else { return [] }
        return try evaluate(try context.sample(seed: nextSeed(), count: wanted))
    }
}
