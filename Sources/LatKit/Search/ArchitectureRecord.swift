/// Everything a pipeline computed for one architecture: each evaluator's value (and standard
/// deviation where it has one), its objectives and whether every constraint holds.
public struct ArchitectureRecord: Equatable, Sendable {
    /// The canonical architecture.
    public var architecture: String
    /// Each evaluator's value, by pipeline name.
    public var values: [String: Double]
    /// Each evaluator's standard deviation, where it has one.
    public var deviations: [String: Double]
    /// The objective values, in the pipeline's objective order.
    public var objectives: [Double]
    /// True when every constraint holds.
    public var feasible: Bool
}
