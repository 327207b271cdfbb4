import Foundation

extension MeasurementStudy {
    /// Report labels of the step-4 estimators.
    enum Label {
        static let table = "lut (this machine)"
        static func rescaled(_ shots: Int) -> String { "lut x one factor (\(shots) shots)" }
        /// How the rescaled table's note begins (it is a fitted table, not a learned estimator).
        static let rescaledNote = "the table x "
        static let fitted = "lut-fitted"
        static let mlp = "mlp (default)"
        static func finetune(_ shots: Int) -> String { "finetune (\(shots) shots)" }
        static let flops = "flops"
    }

    /// Step 4: every estimator fitted (or adapted) on `shots` subnets and scored on the rest,
    /// through `EstimatorEvaluation` and the shared metrics. The split interleaves the sample (the
    /// subnets at even positions first, then the odd ones), so that a drift of the machine's speed
    /// while the subnets were measured, in sample order, touches shots and held-out subnets alike.
    /// The fine-tuned model adapted with every shot is written as a model file for step 5.
    func compareEstimators(_ measured: Measured, into results: inout MeasurementStudyResults) throws {
        let clock = Stopwatch()
        let order = Array(stride(from: 0, to: measured.rows.count, by: 2)) + Array(stride(from: 1, to: measured.rows.count, by: 2))
        let shots = order.prefix(plan.shots).map { measured.rows[$0] }
        let heldOut = order.dropFirst(plan.shots).map { measured.rows[$0] }
        guard shots.count >= plan.fewShots, !heldOut.isEmpty else {
            throw ProfilingError("\(measured.rows.count) subnets cannot give \(plan.shots) shots and a held-out set")
        }
        results.split =
            "the sample (seed \(plan.seed)) interleaved: the subnets at even positions (\(shots.count)) fit or adapt the estimators, the other \(heldOut.count) are held out and scored, so that a drift of the machine's speed during the measurement touches both alike; the \(plan.fewShots)-shot fine-tuning uses the first \(plan.fewShots) shots"
        results.heldOutMs = heldOut.map { measured.dataset.targets[$0] }
        let evaluation = EstimatorEvaluation(catalog: catalog, dataset: measured.dataset, space: measured.space)
        var comparisons: [MeasurementStudyResults.Comparison] = []
        func add(_ result: Evaluation, label: String, note: String, options: [String: String] = [:]) {
            var record = result.record(dataset: measured.dataset, split: "held out", seed: plan.seed, options: options)
            record.estimator = label
            record.dataset = nil
            let relative = zip(result.predictions.mean, result.actual).map { ($0 - $1) / $1 }
            comparisons.append(
                .init(
                    record: record, biasMs: result.metrics.bias, biasPct: 100 * relative.reduce(0, +) / Double(max(relative.count, 1)),
                    note: note, predictedMs: result.predictions.mean))
            log(
                String(
                    format: "real latency: %@: MAPE %.2f%%, RMSE %.3f ms (fit %.1f s)", label, record.mapePct, record.rmseMs,
                    record.fitSeconds))
        }

        log("real latency: scoring the estimators on \(heldOut.count) held-out subnets")
        let table = try catalog.estimator("lut", options: ["table": measured.tablePath])
        let onTable = try evaluation.score(table, on: heldOut, trainCount: 0, fitSeconds: 0)
        add(onTable, label: Label.table, note: "sum of this machine's operator means; nothing fitted")

        // The strong simple baseline: the table times one least-squares factor fitted on the shots.
        let onShots = try evaluation.score(table, on: shots, trainCount: 0, fitSeconds: 0)
        let factor =
            zip(onShots.predictions.mean, onShots.actual).reduce(0) { $0 + $1.0 * $1.1 }
            / onShots.predictions.mean.reduce(0) { $0 + $1 * $1 }
        add(
            try Evaluation(
                scoring: "lut", trainCount: shots.count, testRows: heldOut,
                predictions: Predictions(mean: onTable.predictions.mean.map { $0 * factor }, std: nil),
                actual: onTable.actual, fitSeconds: 0, predictSeconds: 0),
            label: Label.rescaled(shots.count), note: Label.rescaledNote + String(format: "%.4f (least squares on the shots)", factor))

        for (label, name, options) in [
            (Label.fitted, "lut-fitted", ["unseen": "zero"]), (Label.mlp, "mlp", [:]), (Label.flops, "flops", ["model": "auto"]),
        ] {
            add(
                try evaluation.evaluate(estimator: name, options: options, train: shots, validation: [], test: heldOut, seed: plan.seed),
                label: label, note: "fitted on the \(shots.count) shots alone", options: options)
        }
        try fineTune(measured, evaluation: evaluation, shots: shots, heldOut: heldOut, add: add, into: &results)
        results.comparisons = comparisons
        results.comparisonSeconds = clock.seconds
    }

    /// `finetune`: a base model fitted on the shipped device, adapted with every shot (saved as a
    /// model file for the search) and, from the same base, with the first `fewShots`; then the
    /// same from each of `otherBases` (scored only).
    private func fineTune(
        _ measured: Measured, evaluation: EstimatorEvaluation, shots: [Int], heldOut: [Int],
        add: (Evaluation, String, String, [String: String]) -> Void, into results: inout MeasurementStudyResults
    ) throws {
        let options = plan.finetuneOptions
        // The shipped rows span every resolution, whatever the study's own space allows.
        let baseSpace = try catalog.searchSpace(plan.space)
        let preparer = BatchPreparer(space: baseSpace)
        for (index, base) in ([plan.base] + plan.otherBases).enumerated() {
            log(
                "real latency: finetune base on \(base.label) (\(base.target), rows \(base.trainRows.lowerBound)-\(base.trainRows.upperBound - 1))"
            )
            let estimator = try catalog.estimator("finetune", options: options)
            let baseData = try LatencyDataset.load(path: base.file, space: baseSpace, options: .init(target: base.target))
            func batch(_ rows: Range<Int>) throws -> ArchitectureBatch {
                try preparer.batch(rows.map { baseData.architectures[$0] }, for: estimator, targets: rows.map { baseData.targets[$0] })
            }
            let baseSeconds = try Stopwatch.time {
                try estimator.fit(
                    train: try batch(base.trainRows), validation: try batch(base.validationRows), seed: plan.seed, progress: nil)
            }.seconds
            let baseState = try estimator.save()
            if index == 0 {
                results.finetuneBase =
                    "\(base.label), column \(base.target) of \(base.file), rows \(base.trainRows.lowerBound)-\(base.trainRows.upperBound - 1) (validation \(base.validationRows.lowerBound)-\(base.validationRows.upperBound - 1)): \(base.reason)"
            }
            let local = try evaluation.fullBatch(for: estimator)
            for count in [shots.count, plan.fewShots] {
                try estimator.load(baseState)
                var choice = "?"
                let adaptSeconds = try Stopwatch.time {
                    try estimator.adapt(
                        shots: local.subset(Array(shots.prefix(count))), seed: plan.seed,
                        progress: { _, message in
                            if let message, let range = message.range(of: "strategy ") {
                                choice = String(message[range.upperBound...].prefix { $0 != " " })
                            }
                            return true
                        })
                }.seconds
                let label = index == 0 ? Label.finetune(count) : "finetune from \(base.label) (\(count) shots)"
                results.finetuneChoices.append("\(label): \(choice)")
                let scored = try evaluation.score(estimator, on: heldOut, trainCount: count, fitSeconds: baseSeconds + adaptSeconds)
                add(
                    scored, label,
                    "base fitted on \(base.label), adapted with \(count) shots (strategy \(options["strategy"] ?? "auto"): \(choice))",
                    options)
                if index == 0, count == shots.count {
                    let encoding = estimator.requirements.views.contains(.features) ? local.features?.encoding : nil
                    try writeModel(
                        estimator, options: options, encoding: encoding, shots: Array(shots.prefix(count)), measured: measured,
                        rmse: scored.metrics.rmse)
                }
            }
        }
    }

    /// The model file step 5 searches with: `finetune` adapted with the shots.
    private func writeModel(
        _ estimator: LatencyEstimator, options: [String: String], encoding: String?, shots: [Int], measured: Measured, rmse: Double
    ) throws {
        let dataset = measured.dataset
        let header = ModelHeader(
            plugin: "finetune", pluginVersion: estimator.version, kind: PluginKind.estimator.label, options: options,
            searchSpace: measured.space.name, featureEncoding: encoding, target: "latency_ms",
            devices: [measured.session.device.name],
            trainingData: TrainingDataInfo(
                file: dataset.source, rows: shots.count,
                fingerprint: TrainingDataInfo.fingerprint(
                    architectures: shots.map { dataset.architectures[$0] }, targets: shots.map { dataset.targets[$0] })),
            metrics: ["held_out_rmse_ms": rmse])
        var model = ModelFile(header: header, state: try estimator.save())
        model.header.searchSpaceOptions = plan.spaceOptions
        model.header.pluginFile = try? catalog.plugin(named: "finetune").file
        if let encoding { model.header.featureCount = try? measured.space.featureCount(encoding: encoding) }
        try model.write(to: plan.folder + "/" + Self.modelFileName)
    }

    /// The fine-tuned model's file name inside the study folder.
    static let modelFileName = "finetune_local.lkm"
}
