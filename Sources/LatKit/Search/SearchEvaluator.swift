/// One named quantity a pipeline computes for a batch of architectures: a latency estimate, a
/// predicted accuracy, MACs, parameters, or a user function of other evaluators.
protocol SearchEvaluator: AnyObject {
    /// The name the pipeline file gives it (the key under `evaluators`).
    var name: String { get }
    /// What it measures, for reports: "latency", "accuracy", "macs", "params" or "function".
    var kind: EvaluatorKind { get }
    /// Whether its values come with a standard deviation (needed by `"margin": "auto"`).
    var hasStandardDeviation: Bool { get }
    /// Names of the evaluators whose values it reads (a user function's inputs).
    var inputs: [String] { get }
    /// Values for the batch in `views`; `earlier` holds the values of its inputs.
    func evaluate(_ views: ViewCache, earlier: [String: EvaluatorValues]) throws -> EvaluatorValues
}

/// What an evaluator computes for a batch: one value per architecture, with standard deviations
/// where the evaluator has them.
struct EvaluatorValues {
    var mean: [Double]
    var std: [Double]?
}

/// What an evaluator measures; decides the default goal of an objective and the report's units.
public enum EvaluatorKind: String, Sendable, CaseIterable {
    /// A latency estimator's prediction, in ms.
    case latency
    /// An accuracy predictor's top-1 (fraction).
    case accuracy
    /// Multiply-accumulates, from the search space.
    case macs
    /// Parameters, from the search space.
    case params
    /// A user's C function of other evaluators.
    case function

    /// Whether an objective on this quantity is maximized when the pipeline does not say.
    var maximizedByDefault: Bool? {
        switch self {
        case .accuracy: return true
        case .latency, .macs, .params: return false
        case .function: return nil
        }
    }
}
