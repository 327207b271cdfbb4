import Foundation
import LatKit

/// `latkit train`: fits an estimator on a latency data set and writes a model file.
enum TrainCommand: Command {
    static let spec = CommandSpec(
        path: ["train"], summary: "Train an estimator on a latency data set and write a model file",
        discussion: """
            Rows are A:B ranges, half-open (0:7000 is rows 0-6999; 8500: runs to the end). Without --train-rows every
            row trains; --validation-rows gives the estimator rows for early stopping or model selection.
            """,
        options: DataOptions.all + EstimatorOptions.all + [
            .value("train-rows", "A:B", "rows to train on (default: all)"),
            .value("validation-rows", "A:B", "rows for validation (default: none)"),
            .value("out", "MODEL", "model file to write").required(),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let out = try arguments.required("out")
        let seed = try arguments.seed(default: 0)
        let space = try SpaceOptions.searchSpace(arguments, context)
        let (name, options) = try EstimatorOptions.resolve(arguments, context)
        let dataset = try DataOptions.load(arguments, space: space, context)
        let split = try DataSplit.ranges(
            train: arguments.value("train-rows") ?? "0:", validation: arguments.value("validation-rows"), test: "0:0",
            rowCount: dataset.count)
        let estimator = try context.catalog().estimator(name, options: options)
        let preparer = BatchPreparer(space: space)
        let train = try preparer.batch(
            split.train.map { dataset.architectures[$0] }, for: estimator, targets: split.train.map { dataset.targets[$0] })
        let validation =
            split.validation.isEmpty
            ? nil
            : try preparer.batch(
                split.validation.map { dataset.architectures[$0] }, for: estimator, targets: split.validation.map { dataset.targets[$0] })
        let progress = ProgressPrinter(context, label: "train \(name)")
        let seconds = try Stopwatch.time {
            try estimator.fit(train: train, validation: validation, seed: seed, progress: progress.handler)
        }.seconds
        progress.finish()

        var metrics = ["fit_seconds": seconds]
        for (label, batch) in [("train", train), ("validation", validation)] {
            guard var batch, let targets = batch.targets, !targets.isEmpty else { continue }
            batch.targets = nil
            let scores = try RegressionMetrics(predicted: try estimator.predict(batch).mean, actual: targets)
            metrics["\(label)_rmse_ms"] = scores.rmse
            metrics["\(label)_mae_ms"] = scores.mae
        }
        let header = ModelHeader(
            plugin: name, pluginVersion: estimator.version, kind: PluginKind.estimator.label, options: options, searchSpace: space.name,
            featureEncoding: estimator.requirements.views.contains(.features) ? (train.features?.encoding) : nil,
            target: dataset.targetColumn, devices: [dataset.targetColumn],
            trainingData: TrainingDataInfo(
                file: dataset.source, rows: split.train.count,
                fingerprint: TrainingDataInfo.fingerprint(architectures: train.architectures, targets: train.targets ?? [])),
            metrics: metrics)
        var model = ModelFile(header: header, state: try estimator.save())
        model.header.searchSpaceOptions = try arguments.keyValues("space-option")
        if model.header.featureEncoding != nil { model.header.featureCount = train.features?.columns }
        model.header.pluginFile = try context.catalog().plugin(named: name).file
        try model.write(to: out)
        let shown = metrics.keys.sorted().map { "\($0) \(String(format: "%.4f", metrics[$0]!))" }.joined(separator: ", ")
        context.print("wrote \(out): \(name) on \(split.train.count) rows of \(dataset.targetColumn) (\(shown))")
        return 0
    }
}

/// `latkit predict`: predictions of a trained model for architectures in a file.
enum PredictCommand: Command {
    static let spec = CommandSpec(
        path: ["predict"], summary: "Predict latencies with a model file (CSV: architecture, predicted_ms[, std_ms])",
        options: [
            .value("model", "MODEL", "model file written by 'latkit train'").required(),
            .value("archs", "FILE", "architectures: one per line, or a CSV with the space's architecture columns ('-' = stdin)").required(),
            .value("out", "FILE", "write here instead of standard output"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let modelPath = try arguments.required("model")
        let archsPath = try arguments.required("archs")
        let model = try ModelFile.read(from: modelPath)
        let catalog = try context.catalog()
        // A third-party estimator given by path at training time may not be on the search path.
        if (try? catalog.plugin(named: model.header.plugin)) == nil, let file = model.header.pluginFile,
            FileManager.default.fileExists(atPath: file)
        {
            try catalog.load(file: file)
        }
        let space = try catalog.searchSpace(model.header.searchSpace, options: model.header.searchSpaceOptions)
        try model.verify(against: space, path: modelPath)
        if !model.headerVerified {
            context.warn(
                "note: \(modelPath) is model format \(model.format), whose header has no checksum; train again to get one checked")
        }
        let estimator = try catalog.estimator(model.header.plugin, options: model.header.options)
        if estimator.version != model.header.pluginVersion {
            context.warn(
                "note: \(modelPath) was written by \(model.header.plugin) \(model.header.pluginVersion); loading with \(estimator.version)")
        }
        try estimator.load(model.state)
        let architectures = try ArchitectureFile.read(path: archsPath, space: space)
        let predictions = try estimator.predict(try BatchPreparer(space: space).batch(architectures, for: estimator))
        var text = "architecture,predicted_ms" + (predictions.std == nil ? "" : ",std_ms") + "\n"
        for (row, architecture) in architectures.enumerated() {
            text += quotedCSV(architecture) + "," + "\(predictions.mean[row])" + (predictions.std.map { ",\($0[row])" } ?? "") + "\n"
        }
        try writeOutput(text, to: arguments.value("out"), context)
        return 0
    }
}
