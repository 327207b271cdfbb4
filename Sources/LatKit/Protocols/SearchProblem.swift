/// What a search strategy works on: a search space to sample and vary, and a pipeline that
/// evaluates batches of architectures into objectives and a feasibility verdict.
///
/// The host's `PipelineProblem` implements it over plugins; tests and the conformance suite use
/// small synthetic ones. Every call is batched; `evaluate` is called once per generation; `sample`,
/// `mutate` and `crossover` come from `ArchitectureGenerator`.
public protocol SearchProblem: ArchitectureGenerator {
    /// The objective columns, in the order `evaluate` fills them.
    var objectives: [SearchObjective] { get }
    /// Objectives and feasibility of each architecture, in one batch.
    func evaluate(_ architectures: [String]) throws -> [ProblemEvaluation]
}

/// One objective column: its name and whether larger values are better.
public struct SearchObjective: Equatable, Sendable {
    /// e.g. "accuracy" or "note10_ms".
    public var name: String
    /// True to maximize (accuracy), false to minimize (latency).
    public var maximize: Bool

    /// Creates an objective.
    public init(name: String, maximize: Bool) {
        self.name = name
        self.maximize = maximize
    }
}

/// The objectives of one architecture and whether every constraint holds for it.
public struct ProblemEvaluation: Equatable, Sendable {
    /// One value per objective, in `SearchProblem.objectives` order.
    public var objectives: [Double]
    /// True when every constraint holds.
    public var feasible: Bool

    /// Creates an evaluation.
    public init(objectives: [Double], feasible: Bool) {
        self.objectives = objectives
        self.feasible = feasible
    }
}
