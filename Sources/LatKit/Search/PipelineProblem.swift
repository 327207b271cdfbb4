/// The search problem a pipeline defines: a search space, evaluators, objectives and
/// constraints. `evaluate` runs every evaluator once on the whole batch (each estimator and
/// predictor gets one batched `predict` call), in an order where a user function comes after
/// its inputs.
public final class PipelineProblem: SearchProblem {
    /// The search space explored.
    public let space: SearchSpace
    /// The objective columns, named after their evaluators.
    public let objectives: [SearchObjective]
    /// The constraints every feasible architecture meets.
    public let constraints: [SearchConstraint]
    let evaluators: [SearchEvaluator]
    /// Architectures evaluated so far (all calls of `evaluate`).
    public private(set) var evaluations = 0
    /// Calls of `evaluate` so far.
    public private(set) var evaluateCalls = 0
    /// Per constraint, the smallest value seen before its margin (for the unreachable-constraint message).
    public private(set) var smallestSeen: [Double]

    /// Creates the problem; evaluators must be ordered so that each comes after its inputs.
    init(space: SearchSpace, evaluators: [SearchEvaluator], objectives: [SearchObjective], constraints: [SearchConstraint]) {
        self.space = space
        self.evaluators = evaluators
        self.objectives = objectives
        self.constraints = constraints
        smallestSeen = Array(repeating: .infinity, count: constraints.count)
    }

    public func sample(count: Int, seed: UInt64) throws -> [String] { try space.sample(count: count, seed: seed) }

    public func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        try space.mutate(parents, seed: seed, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability)
    }

    public func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        try space.crossover(first, second, seed: seed)
    }

    public func evaluate(_ architectures: [String]) throws -> [ProblemEvaluation] {
        try records(architectures).map { ProblemEvaluation(objectives: $0.objectives, feasible: $0.feasible) }
    }

    /// Everything computed for each architecture, in one pass of every evaluator.
    public func records(_ architectures: [String]) throws -> [ArchitectureRecord] {
        guard !architectures.isEmpty else { return [] }
        evaluations += architectures.count
        evaluateCalls += 1
        let views = ViewCache(space: space, architectures: architectures)
        var values: [String: EvaluatorValues] = [:]
        for evaluator in evaluators {
            let computed = try evaluator.evaluate(views, earlier: values)
            guard computed.mean.count == architectures.count else {
                throw SearchError(
                    "evaluator \(evaluator.name) gave \(computed.mean.count) values for \(architectures.count) architectures")
            }
            values[evaluator.name] = computed
        }
        return architectures.indices.map { row in
            var record = ArchitectureRecord(
                architecture: architectures[row], values: [:], deviations: [:], objectives: [], feasible: true)
            for (name, computed) in values {
                record.values[name] = computed.mean[row]
                if let std = computed.std { record.deviations[name] = std[row] }
            }
            record.objectives = objectives.map { record.values[$0.name]! }
            for (index, constraint) in constraints.enumerated() {
                let mean = record.values[constraint.evaluator]!
                smallestSeen[index] = min(smallestSeen[index], mean)
                if !constraint.holds(mean: mean, std: record.deviations[constraint.evaluator]) { record.feasible = false }
            }
            return record
        }
    }
}
