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
        /// `mlp` trained on `rows` of the paper's training rows drawn with `seed`, validated on its validation rows.
        func trained(_ rows: Int, seed: UInt64) throws -> LatencyEstimator {
            let estimator = try catalog.estimator("mlp")
            let train = try split.firstTraining(min(rows, split.train.count), seed: seed)
            try estimator.fit(
                train: try preparer.batch(
                    train.map { dataset.architectures[$0] }, for: estimator, targets: train.map { dataset.targets[$0] }),
                validation: try preparer.batch(
                    split.validation.map { dataset.architectures[$0] }, for: estimator,
                    targets: split.validation.map { dataset.targets[$0] }),
                seed: seed, progress: nil)
            return estimator
        }
        for rows in plan.trainingRows {
            let label = NASComparison.modelLabel(rows)
            log("NAS: training \(label) on Note10")
            let estimator = try trained(rows, seed: plan.seed)
            let test = try preparer.batch(split.test.map { dataset.architectures[$0] }, for: estimator)
            rmse[label] = try RegressionMetrics(predicted: try estimator.predict(test).mean, actual: split.test.map { dataset.targets[$0] })
                .rmse
            models.append((label, estimator))
        }

        /// The best network of one search with `model`'s latency under `limit`.
        func search(
            _ model: (label: String, estimator: LatencyEstimator), strategy name: String, auto: Bool, limit: Double
        ) throws -> NASComparisonResults.Search {
            let search = EstimatorEvaluator(name: "search_ms", kind: .latency, estimator: model.estimator)
            let constraint = SearchConstraint(
                evaluator: "search_ms", maximum: limit, minimum: nil, margin: auto ? .auto(confidence: 0.9) : .none)
            let problem = PipelineProblem(
                space: space, evaluators: [search, table, accuracy], objectives: [SearchObjective(name: "accuracy", maximize: true)],
                constraints: [constraint])
            let strategy = try catalog.searchStrategy(name)
            let clock = Stopwatch()
            let found = try strategy.run(problem, seed: plan.seed, maxEvaluations: plan.budget, progress: nil)
            // Counted before `records` prices the winner once more.
            let evaluations = problem.evaluations
            let best = try problem.records([found[0]])[0]
            return NASComparisonResults.Search(
                limit: limit, latencyModel: model.label, strategy: name, marginAuto: auto, top1: 100 * best.values["accuracy"]!,
                predictedMs: best.values["search_ms"]!, trueMs: best.values["true_ms"]!, evaluations: evaluations,
                seconds: clock.seconds)
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
                let result = try search(run.model, strategy: run.strategy, auto: run.auto, limit: limit)
                log(
                    String(
                        format: "NAS: %@ + %@%@ <= %.0f ms: top-1 %.2f%%, %.3f ms predicted, %.3f ms true (%.1f s)", run.strategy,
                        run.model.label,
                        run.auto ? ", margin auto" : "", limit, result.top1, result.predictedMs, result.trueMs, result.seconds))
                searches.append(result)
            }
        }

        var redraws: [NASComparisonResults.Search] = []
        var unreachable = 0
        if plan.extraDraws > 0, let rows = plan.trainingRows.min() {
            log("NAS: \(plan.extraDraws) more draws of \(NASComparison.modelLabel(rows)), margin auto at every limit")
            for draw in 1...plan.extraDraws {
                let model = (
                    label: "\(NASComparison.modelLabel(rows)), draw \(draw)", estimator: try trained(rows, seed: plan.seed &+ UInt64(draw))
                )
                for limit in plan.limits {
                    do {
                        redraws.append(try search(model, strategy: "evolution", auto: true, limit: limit))
                    } catch let error as PluginCallError where error.function == "run" && error.message.contains("unreachable") {
                        unreachable += 1
                    }
                }
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
            modelRMSE: rmse, budget: plan.budget, redraws: redraws, redrawsUnreachable: unreachable,
            redrawCount: plan.extraDraws)
    }
}
