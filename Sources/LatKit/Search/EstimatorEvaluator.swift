/// A latency estimator or accuracy predictor as a pipeline evaluator: one batched `predict` call
/// per generation.
final class EstimatorEvaluator: SearchEvaluator {
    let name: String
    let kind: EvaluatorKind
    let estimator: LatencyEstimator
    var inputs: [String] { [] }
    var hasStandardDeviation: Bool { estimator.requirements.capabilities.contains(.standardDeviation) }

    init(name: String, kind: EvaluatorKind, estimator: LatencyEstimator) {
        self.name = name
        self.kind = kind
        self.estimator = estimator
    }

    func evaluate(_ views: ViewCache, earlier: [String: EvaluatorValues]) throws -> EvaluatorValues {
        let predictions = try estimator.predict(try views.batch(for: estimator))
        return EvaluatorValues(mean: predictions.mean, std: predictions.std)
    }
}
