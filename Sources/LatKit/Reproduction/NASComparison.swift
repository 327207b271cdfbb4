import Foundation

/// Runs a `NASComparisonPlan`: trains the learned latency models, then searches every limit with
/// each latency model and strategy, and grows an NSGA-II front, all through the pipeline
/// machinery `latkit search` uses (`PipelineProblem`, strategy plugins).
public final class NASComparison {
    /// Where the plugins come from (needs `ofa`, `lut`, `mlp` and `search`).
    public let catalog: PluginCatalog
    /// What to run.
    public let plan: NASComparisonPlan
    private let log: (String) -> Void

    /// Prepares a run; `log` receives one progress line per search.
    public init(catalog: PluginCatalog, plan: NASComparisonPlan, log: @escaping (String) -> Void) {
        self.catalog = catalog
        self.plan = plan
        self.log = log
    }

    /// The label of the learned model trained on `rows` rows.
    public static func modelLabel(_ rows: Int) -> String { "mlp, \(rows) rows" }

    /// Trains the models and runs every search.
    public func run() throws -> NASComparisonResults {
        let space = try catalog.searchSpace("ofa-mbv3-w1.2", options: ["resolutions": "paper"])
        let table = EstimatorEvaluator(
            name: "true_ms", kind: .latency, estimator: try catalog.estimator("lut", options: ["table": plan.lookupTable]))
        let accuracy = EstimatorEvaluator(
            name: "accuracy", kind: .accuracy,
            estimator: try catalog.estimator("mlp-accuracy", options: ["pretrained": plan.accuracyWeights], kind: .accuracyPredictor))

        let dataset = try LatencyDataset.load(path: plan.latencyRows, space: space, options: .init(target: "note10_lut_ms"))
        let split = DataSplit.paper(rowCount: dataset.count)
        let preparer = BatchPreparer(space: space)
        var models: [(label: String, estimator: LatencyEstimator)] = [("lookup table", table.estimator)]
        var rmse: [String: Double] = [:]
        for rows in plan.trainingRows {
            let label = NASComparison.modelLabel(rows)
            log("NAS: training \(label) on Note10")
            let estimator = try catalog.estimator("mlp")
            let train = try split.firstTraining(min(rows, split.train.count), seed: plan.seed)
            try estimator.fit(
                train: try preparer.batch(
                    train.map { dataset.architectures[$0] }, for: estimator, targets: train.map { dataset.targets[$0] }),
                validation: try preparer.batch(
                    split.validation.map { dataset.architectures[$0] }, for: estimator,
                    targets: split.validation.map { dataset.targets[$0] }),
                seed: plan.seed, progress: nil)
            let test = try preparer.batch(split.test.map { dataset.architectures[$0] }, for: estimator)
            rmse[label] = try RegressionMetrics(predicted: try estimator.predict(test).mean, actual: split.test.map { dataset.targets[$0] })
                .rmse
            models.append((label, estimator))
        }

        var searches: [NASComparisonResults.Search] = []
        for limit in plan.limits {
            var runs: [(model: (label: String, estimator: LatencyEstimator), strategy: String, auto: Bool)] = []
            for model in models {
                runs.append((model, "evolution", false))
                if model.label != "lookup table" { runs.append((model, "evolution", true)) }
            }
            runs.append((models[0], "random", false))
            for run in runs {
                let search = EstimatorEvaluator(name: "search_ms", kind: .latency, estimator: run.model.estimator)
                let constraint = SearchConstraint(
                    evaluator: "search_ms", maximum: limit, minimum: nil, margin: run.auto ? .auto(confidence: 0.9) : .none)
                let problem = PipelineProblem(
                    space: space, evaluators: [search, table, accuracy], objectives: [SearchObjective(name: "accuracy", maximize: true)],
                    constraints: [constraint])
                let strategy = try catalog.searchStrategy(run.strategy)
                let clock = Stopwatch()
                let found = try strategy.run(problem, seed: plan.seed, maxEvaluations: plan.budget, progress: nil)
                let evaluations = problem.evaluations
                let best = try problem.records([found[0]])[0]
                let result = NASComparisonResults.Search(
                    limit: limit, latencyModel: run.model.label, strategy: run.strategy, marginAuto: run.auto,
                    top1: 100 * best.values["accuracy"]!, predictedMs: best.values["search_ms"]!, trueMs: best.values["true_ms"]!,
                    evaluations: evaluations, seconds: clock.seconds)
                log(
                    String(
                        format: "NAS: %@ + %@%@ <= %.0f ms: top-1 %.2f%%, %.3f ms predicted, %.3f ms true (%.1f s)", run.strategy,
                        run.model.label,
                        run.auto ? ", margin auto" : "", limit, result.top1, result.predictedMs, result.trueMs, result.seconds))
                searches.append(result)
            }
        }

        log("NAS: NSGA-II front (accuracy, lookup-table latency)")
        let frontProblem = PipelineProblem(
            space: space, evaluators: [table, accuracy],
            objectives: [SearchObjective(name: "accuracy", maximize: true), SearchObjective(name: "true_ms", maximize: false)],
            constraints: [SearchConstraint(evaluator: "true_ms", maximum: plan.limits.max() ?? 35, minimum: nil)])
        let nsga2 = try catalog.searchStrategy("nsga2", options: ["generations": String(plan.frontGenerations)])
        let front = try frontProblem.records(
            try nsga2.run(frontProblem, seed: plan.seed, maxEvaluations: 100 * (plan.frontGenerations + 1), progress: nil))
        return NASComparisonResults(
            searches: searches,
            front: front.map { .init(top1: 100 * $0.values["accuracy"]!, latencyMs: $0.values["true_ms"]!) }.sorted {
                $0.latencyMs < $1.latencyMs
            },
            modelRMSE: rmse, budget: plan.budget)
    }
}
