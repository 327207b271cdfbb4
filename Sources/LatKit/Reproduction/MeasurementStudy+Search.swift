import Foundation

extension MeasurementStudy {
    /// Step 5: a pipeline file (written into the study folder, runnable with `latkit search
    /// --config`) searches the space for the most accurate network (OFA's accuracy predictor)
    /// whose latency, by the fine-tuned model file of step 4, is at most the median measured
    /// latency of the subnets; its best networks are then measured with the profiler.
    func search(_ measured: Measured, into results: inout MeasurementStudyResults) throws {
        guard let median = results.subnets?.medianMs else { return }
        let limit = (median * 1000).rounded() / 1000
        let pipelinePath = plan.folder + "/pipeline.json"
        try pipelineText(limit: limit).write(toFile: pipelinePath, atomically: true, encoding: .utf8)
        log(String(format: "real latency: searching under %.3f ms (%d evaluations)", limit, plan.searchBudget))
        let pipeline = try SearchPipeline(try PipelineFile.read(path: pipelinePath), catalog: catalog)
        let outcome = try pipeline.run()

        let top = Array(outcome.results.filter(\.feasible).prefix(plan.topMeasured))
        let table = try catalog.estimator("lut", options: ["table": measured.tablePath])
        let tableMs = try table.predict(try BatchPreparer(space: measured.space).batch(top.map(\.architecture), for: table)).mean
        log(
            String(format: "real latency: %d evaluations in %.1f s; measuring the best %d", outcome.evaluations, outcome.seconds, top.count)
        )
        let (measurements, measureSeconds) = try Stopwatch.time {
            try top.map { try measured.session.measureOne($0.architecture, kind: .network) }
        }
        let measuredTop = zip(top, zip(tableMs, measurements)).map { record, pair in
            let predicted = record.values["latency_ms"] ?? .nan
            return MeasurementStudyResults.SearchResult(
                architecture: record.architecture, top1: 100 * (record.values["accuracy"] ?? .nan), predictedMs: predicted,
                predictedStdMs: record.deviations["latency_ms"], lookupTableMs: pair.0, measuredMs: pair.1.meanMs,
                load: pair.1.machineLoad, errorPct: 100 * (predicted - pair.1.meanMs) / pair.1.meanMs)
        }
        results.search = .init(
            budgetMs: limit, evaluations: outcome.evaluations, maxEvaluations: plan.searchBudget, seconds: outcome.seconds,
            measureSeconds: measureSeconds, pipelineFile: Self.folderName + "/pipeline.json",
            modelFile: Self.folderName + "/" + Self.modelFileName, top: measuredTop,
            violations: measuredTop.filter { $0.measuredMs > limit }.count)
    }

    /// The pipeline: OFA w1.0, accuracy up, the fine-tuned model's latency at most `limit`, OFA's
    /// evolution within the plan's budget. Paths are absolute except the model file, which lies
    /// beside the pipeline.
    func pipelineText(limit: Double) throws -> String {
        let weights = URL(fileURLWithPath: plan.accuracyWeights).standardizedFileURL.path
        var space: [String: Any] = ["name": plan.space]
        if !plan.spaceOptions.isEmpty { space["options"] = plan.spaceOptions }
        let object: [String: Any] = [
            "version": 1,
            "description":
                "The most accurate \(plan.space) network whose latency on this machine, by finetune adapted with \(plan.shots) local measurements, is at most the median measured subnet latency",
            "space": space,
            "evaluators": [
                "latency_ms": ["type": "latency", "model": Self.modelFileName],
                "accuracy": ["type": "accuracy", "estimator": "mlp-accuracy", "options": ["pretrained": weights]],
            ],
            "objectives": [["evaluator": "accuracy"]],
            "constraints": [["evaluator": "latency_ms", "max": limit]],
            "strategy": ["name": "evolution"],
            "budget": plan.searchBudget,
            "seed": plan.seed,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
