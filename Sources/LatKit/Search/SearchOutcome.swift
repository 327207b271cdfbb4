/// What one search run found and what it cost.
public struct SearchOutcome: Sendable {
    /// The strategy's name and version.
    public var strategy: String
    /// The strategy plugin's version.
    public var strategyVersion: String
    /// The objectives, in column order.
    public var objectives: [SearchObjective]
    /// The constraints the results meet.
    public var constraints: [SearchConstraint]
    /// The architectures the strategy returned (best first, or its Pareto front), with everything
    /// the pipeline computes for them.
    public var results: [ArchitectureRecord]
    /// Architectures the strategy evaluated.
    public var evaluations: Int
    /// Batched `evaluate` calls it made.
    public var evaluateCalls: Int
    /// Wall-clock seconds of the run (strategy and evaluations).
    public var seconds: Double
    /// The seed.
    public var seed: UInt64
}
