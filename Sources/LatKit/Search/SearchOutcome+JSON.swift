extension SearchOutcome {
    /// The outcome as `latkit search --json` prints it.
    public var summary: SearchSummary {
        SearchSummary(
            strategy: strategy, strategyVersion: strategyVersion, seed: seed, evaluations: evaluations, evaluateCalls: evaluateCalls,
            seconds: seconds,
            objectives: objectives.map { SearchSummary.Objective(name: $0.name, goal: $0.maximize ? "maximize" : "minimize") },
            constraints: constraints.map(\.text),
            results: results.map {
                SearchSummary.Result(architecture: $0.architecture, feasible: $0.feasible, values: $0.values, std: $0.deviations)
            })
    }
}

/// The JSON form of a `SearchOutcome`.
public struct SearchSummary: Encodable {
    /// One objective and its direction.
    public struct Objective: Encodable {
        /// Evaluator name.
        public var name: String
        /// "maximize" or "minimize".
        public var goal: String
    }
    /// One result architecture.
    public struct Result: Encodable {
        /// Canonical architecture.
        public var architecture: String
        /// Whether every constraint holds.
        public var feasible: Bool
        /// Each evaluator's value.
        public var values: [String: Double]
        /// Standard deviations, where evaluators have them.
        public var std: [String: Double]
    }
    /// Strategy name.
    public var strategy: String
    /// Strategy version.
    public var strategyVersion: String
    /// The run's seed.
    public var seed: UInt64
    /// Architectures evaluated.
    public var evaluations: Int
    /// Batched evaluate calls.
    public var evaluateCalls: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// The objectives.
    public var objectives: [Objective]
    /// The constraints, as text.
    public var constraints: [String]
    /// The results, best first.
    public var results: [Result]

    enum CodingKeys: String, CodingKey {
        case strategy, seed, evaluations, seconds, objectives, constraints, results
        case strategyVersion = "strategy_version"
        case evaluateCalls = "evaluate_calls"
    }
}
