import Foundation

/// A pipeline made ready to run: its search space, evaluators and strategy created from plugins
/// and model files, checked to fit together.
public final class SearchPipeline {
    /// The pipeline as read from its file.
    public let pipeline: Pipeline
    /// The search problem it defines.
    public let problem: PipelineProblem
    /// The strategy that will explore it.
    public let strategy: SearchStrategy

    /// Creates every plugin the pipeline names.
    /// - Throws: `PipelineFileError` naming the key at fault, `SearchError` for a missing
    ///   file, library or symbol, or the plugin host's errors for a missing plugin.
    public init(_ pipeline: Pipeline, catalog: PluginCatalog) throws {
        self.pipeline = pipeline
        let space = try catalog.searchSpace(pipeline.space, options: pipeline.spaceOptions, isolate: pipeline.isolateSpace)
        var made: [String: SearchEvaluator] = [:]
        for spec in pipeline.evaluators {
            made[spec.name] = try SearchPipeline.evaluator(spec, space: space, catalog: catalog, file: pipeline.file)
        }
        for (constraint, path) in zip(pipeline.constraints, pipeline.constraintPaths) {
            if case .auto = constraint.margin, made[constraint.evaluator]?.hasStandardDeviation != true {
                throw PipelineFileError(
                    file: pipeline.file, path: path + ".margin",
                    message: "\"auto\" needs a standard deviation, and evaluator '\(constraint.evaluator)' has none")
            }
        }
        let ordered = try SearchPipeline.order(pipeline.evaluators, made, file: pipeline.file)
        problem = PipelineProblem(space: space, evaluators: ordered, objectives: pipeline.objectives, constraints: pipeline.constraints)
        var strategyName = pipeline.strategy
        if strategyName.contains("/") {
            let library = try catalog.load(file: strategyName)
            let strategies = library.plugins.filter { $0.kind == .searchStrategy }
            guard strategies.count == 1 else {
                throw PipelineFileError(
                    file: pipeline.file, path: "strategy.name",
                    message: "\(strategyName) holds \(strategies.count) search strategies; name one")
            }
            strategyName = strategies[0].name
        }
        strategy = try catalog.searchStrategy(strategyName, options: pipeline.strategyOptions, isolate: pipeline.isolateStrategy)
    }

    /// Runs the strategy within the pipeline's budget.
    /// - Parameter progress: receives one message per generation; may be nil.
    /// - Returns: the result architectures with everything computed for them.
    /// - Throws: the strategy's or an evaluator's error; when the constraints rejected every
    ///   architecture, the message adds the smallest value seen for each constraint.
    public func run(progress: ProgressHandler? = nil) throws -> SearchOutcome {
        let start = Date()
        let found: [String]
        do {
            found = try strategy.run(problem, seed: pipeline.seed, maxEvaluations: pipeline.budget, progress: progress)
        } catch let error as PluginCallError {
            throw SearchError("\(error)" + unreachableNote())
        }
        let seconds = Date().timeIntervalSince(start)
        let (evaluations, calls) = (problem.evaluations, problem.evaluateCalls)
        let canonical = try problem.space.canonicalize(found)
        guard canonical == found else {
            throw SearchError("\(strategy.name) returned architectures that are not in canonical form")
        }
        return SearchOutcome(
            strategy: strategy.name, strategyVersion: strategy.version, objectives: problem.objectives, constraints: problem.constraints,
            results: try problem.records(found), evaluations: evaluations, evaluateCalls: calls, seconds: seconds, seed: pipeline.seed)
    }

    /// "; smallest note10 seen 14.1 (limit 10)" for each upper limit below everything seen.
    private func unreachableNote() -> String {
        let notes = zip(problem.constraints, problem.smallestSeen).compactMap { constraint, smallest -> String? in
            guard let maximum = constraint.maximum, smallest.isFinite, smallest > maximum else { return nil }
            return
                "smallest \(constraint.evaluator) seen \(NumberText.fixed(smallest, decimals: 3)) (limit \(NumberText.fixed(maximum, decimals: 3)))"
        }
        return notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
    }

    private static func evaluator(_ spec: EvaluatorSpec, space: SearchSpace, catalog: PluginCatalog, file: String) throws -> SearchEvaluator
    {
        switch spec.kind {
        case .macs, .params:
            return CostEvaluator(name: spec.name, kind: spec.kind)
        case .function:
            return try FunctionEvaluator(
                name: spec.name, library: spec.library!, symbol: spec.symbol!, signature: spec.signature!, inputs: spec.inputs)
        case .latency, .accuracy:
            let kind: PluginKind = spec.kind == .latency ? .estimator : .accuracyPredictor
            if let modelPath = spec.model {
                guard FileManager.default.fileExists(atPath: modelPath) else {
                    throw SearchError("evaluator \(spec.name): model file \(modelPath) does not exist")
                }
                let model = try ModelFile.read(from: modelPath)
                guard model.header.searchSpace == space.name else {
                    throw SearchError(
                        "evaluator \(spec.name): \(modelPath) was trained on \(model.header.searchSpace), the pipeline searches \(space.name)"
                    )
                }
                do {
                    try model.verify(against: space, path: modelPath)
                } catch let error as ModelFileError {
                    throw SearchError("evaluator \(spec.name): \(error)")
                }
                if (try? catalog.plugin(named: model.header.plugin)) == nil, let hint = model.header.pluginFile,
                    FileManager.default.fileExists(atPath: hint)
                {
                    try catalog.load(file: hint)
                }
                let estimator = try catalog.estimator(model.header.plugin, options: model.header.options, kind: kind, isolate: spec.isolate)
                try estimator.load(model.state)
                return EstimatorEvaluator(name: spec.name, kind: spec.kind, estimator: estimator)
            }
            var name = spec.estimator!
            if name.contains("/") {
                let library = try catalog.load(file: name)
                let matching = library.plugins.filter { $0.kind == kind }
                guard matching.count == 1 else {
                    throw PipelineFileError(
                        file: file, path: spec.path + ".estimator",
                        message: "\(name) holds \(matching.count) plugins of kind \(kind.label); need one")
                }
                name = matching[0].name
            }
            let estimator = try catalog.estimator(name, options: spec.options, kind: kind, isolate: spec.isolate)
            if let store = spec.store { try fit(estimator, onStore: store, spec: spec, space: space) }
            return EstimatorEvaluator(name: spec.name, kind: spec.kind, estimator: estimator)
        }
    }

    /// Fits `estimator` on the networks of `space` measured in the store at `path` (a latency
    /// evaluator with "db"), all of them, seed 0.
    private static func fit(_ estimator: LatencyEstimator, onStore path: String, spec: EvaluatorSpec, space: SearchSpace) throws {
        let store: MeasurementStore
        do { store = try MeasurementStores.openExisting(path) } catch { throw SearchError("evaluator \(spec.name): \(error)") }
        let text = try store.longTableText(MeasurementFilter(space: space.name))
        let dataset = try LatencyDataset(
            table: try CSVTable(text: text, source: store.location), space: space,
            options: .init(device: spec.device, batchSize: spec.batchSize))
        let batch = try BatchPreparer(space: space).batch(dataset.architectures, for: estimator, targets: dataset.targets)
        try estimator.fit(train: batch, validation: nil, seed: 0, progress: nil)
    }

    /// Evaluators in an order where each user function comes after its inputs.
    private static func order(_ specs: [EvaluatorSpec], _ made: [String: SearchEvaluator], file: String) throws -> [SearchEvaluator] {
        var ordered: [SearchEvaluator] = []
        var done = Set<String>()
        var remaining = specs
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { $0.inputs.allSatisfy(done.contains) }) else {
                throw PipelineFileError(
                    file: file, path: remaining[0].path + ".inputs",
                    message: "the inputs form a cycle (\(remaining.map(\.name).joined(separator: ", ")))")
            }
            let spec = remaining.remove(at: next)
            ordered.append(made[spec.name]!)
            done.insert(spec.name)
        }
        return ordered
    }
}
