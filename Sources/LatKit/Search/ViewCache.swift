/// The views of one batch of architectures, each computed at most once, so that several
/// evaluators of a pipeline (two latency estimators and an accuracy predictor) share the search
/// space's work on a generation.
final class ViewCache {
    let space: SearchSpace
    let architectures: [String]
    private var features: [String: FeatureMatrix] = [:]
    private var operators: [[Operator]]?
    private var costs: [Cost]?

    init(space: SearchSpace, architectures: [String]) {
        self.space = space
        self.architectures = architectures
    }

    /// Multiply-accumulates and parameters of every architecture.
    func cost() throws -> [Cost] {
        if let costs { return costs }
        let made = try space.cost(architectures)
        costs = made
        return made
    }

    /// A batch carrying what `estimator` needs.
    func batch(for estimator: LatencyEstimator) throws -> ArchitectureBatch {
        let views = estimator.requirements.views
        if views.contains(.device) {
            throw PreparationError(message: "\(estimator.name) needs device descriptors (the device view), which a search cannot supply")
        }
        var matrix: FeatureMatrix?
        if views.contains(.features) {
            let key = estimator.requirements.featureEncoding ?? ""
            if let cached = features[key] {
                matrix = cached
            } else {
                let made = try space.encode(architectures, encoding: estimator.requirements.featureEncoding)
                features[key] = made
                matrix = made
            }
        }
        if views.contains(.operators), operators == nil { operators = try space.operators(architectures) }
        return ArchitectureBatch(
            searchSpace: space.name, count: architectures.count, architectures: architectures, features: matrix,
            operators: views.contains(.operators) ? operators : nil, costs: views.contains(.cost) ? try cost() : nil)
    }
}
