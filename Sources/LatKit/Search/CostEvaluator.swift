/// Multiply-accumulates or parameters from the search space's `cost`, as a pipeline evaluator.
final class CostEvaluator: SearchEvaluator {
    let name: String
    let kind: EvaluatorKind
    var inputs: [String] { [] }
    var hasStandardDeviation: Bool { false }

    /// `kind` is `.macs` or `.params`.
    init(name: String, kind: EvaluatorKind) {
        precondition(kind == .macs || kind == .params, "a cost evaluator gives MACs or parameters")
        self.name = name
        self.kind = kind
    }

    func evaluate(_ views: ViewCache, earlier: [String: EvaluatorValues]) throws -> EvaluatorValues {
        let costs = try views.cost()
        return EvaluatorValues(mean: costs.map { kind == .macs ? $0.macs : $0.params }, std: nil)
    }
}
