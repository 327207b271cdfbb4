import Foundation
import LatKit

/// `latkit bench` in the new-device protocol (`--shots`, `--holdout-each`, `--train-devices`):
/// an estimator trained on some device series and scored on one it never trained on.
enum TransferBench {
    static let options: [OptionSpec] = [
        .value("train-devices", "COL,COL", "new-device protocol: the series available for training (default: every other series)"),
        .value("shots", "N[,N...]", "new-device protocol: target rows the estimator may see (0 = zero-shot); a list sweeps"),
        .value(
            "shots-from", "FILE",
            "new-device protocol: the shot architectures (one per line or a CSV), or a JSON list of the data's architecture ids (e.g. HELP's reference architectures)"
        ),
        .flag(
            "holdout-each",
            "new-device protocol: each series (of --train-devices, else of the file) in turn is the target, the others train; prints mean and worst"
        ),
        .flag(
            "base-train",
            "new-device protocol: a single-device estimator (finetune, mlp) also trains on the training series and adapts with the shots"),
        .flag("exclude-hardware", "new-device protocol: also keep the target's hardware at other batch sizes out of training"),
        .flag(
            "ceiling",
            "new-device protocol: also score, per target, the transfer ceiling: a log-linear least-squares map from the training series and the MACs, fitted on every target row (an oracle, not an estimator: the best any mapping of known devices can do)"
        ),
        .value("devices", "FILE", "device table: column -> hardware id, batch size (default: the shipped hardware/device_columns.csv)"),
        .value("hardware", "FILE", "your own devices' specifications (CSV or JSON, hardware_specs.csv fields), added to the shipped table"),
        .value("exclude-archs", "FILE", "architectures to leave out of the new-device protocol (e.g. a space's degenerate networks)"),
    ]

    /// Whether the arguments ask for the new-device protocol.
    static func requested(_ arguments: ParsedArguments) -> Bool {
        arguments.value("shots") != nil || arguments.flag("holdout-each") || arguments.value("train-devices") != nil
            || arguments.value("shots-from") != nil
    }

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        for conflicting in ["train-rows", "test-rows", "validation-rows", "split", "train-size", "folds", "lut"]
        where arguments.value(conflicting) != nil {
            throw UsageError(message: "--\(conflicting) does not apply to the new-device protocol (--shots, --holdout-each)")
        }
        let shotCounts = arguments.value("shots") == nil ? [10] : try arguments.ints("shots", in: CountLimits.shots)
        let repeats = try arguments.int("repeats", default: 1, in: CountLimits.repeats)
        let space = try SpaceOptions.searchSpace(arguments, context)
        let (name, options) = try EstimatorOptions.resolve(arguments, context)
        guard let path = arguments.value("data") else { throw UsageError(message: "--data is required") }
        let shipped = try? ReproduceCommand.dataFolder(nil)
        let devicesPath = arguments.value("devices") ?? shipped.map { $0 + "/hardware/device_columns.csv" }
        let devices = try devicesPath.map { try DeviceColumns.load(path: $0) }
        var hardware = try shipped.map { try HardwareSpecs.load(path: $0 + "/hardware/hardware_specs.csv") }
        if let own = arguments.value("hardware") {
            let table = try HardwareSpecs.load(path: own)
            hardware = hardware.map { $0.merging(table) } ?? table
        }
        guard let hardware else {
            throw UsageError(message: "no hardware table: pass --hardware FILE (the shipped data folder was not found)")
        }
        var dataset = try MultiDeviceDataset.load(path: path, space: space, devices: devices)
        if dataset.missingCells > 0 || dataset.repeatedRows > 0 {
            context.warn(
                "\(path): \(dataset.missingCells) cell(s) without a usable latency, \(dataset.repeatedRows) repeated row(s) (first kept)")
        }
        if let excluded = arguments.value("exclude-archs") {
            let architectures = Set(try ArchitectureFile.read(path: excluded, space: space))
            dataset = dataset.excluding(architectures)
            context.warn("\(excluded): left out \(architectures.count) architecture(s)")
        }
        let shotArchitectures = try arguments.value("shots-from").map { path in
            path.lowercased().hasSuffix(".json")
                ? try dataset.architectures(withIDs: try ArchitectureIDList.read(path: path))
                : try ArchitectureFile.read(path: path, space: space)
        }
        let trainColumns = arguments.value("train-devices").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let targets: [String]
        if arguments.flag("holdout-each") {
            guard arguments.value("target") == nil else { throw UsageError(message: "give either --target or --holdout-each, not both") }
            targets = trainColumns ?? dataset.series.map(\.column)
        } else {
            guard let target = arguments.value("target") else {
                throw UsageError(message: "the new-device protocol needs --target COL (the unseen series) or --holdout-each")
            }
            targets = [target]
        }
        let seed = try arguments.seed(default: 0)
        let evaluation = TransferEvaluation(
            catalog: try context.catalog(), dataset: dataset, space: space, descriptors: DeviceDescriptorEncoder(reference: hardware))
        for target in targets {
            let index = try dataset.seriesIndex(target)
            let imputed = evaluation.descriptors.descriptor(of: dataset.series[index]).imputed
            if !imputed.isEmpty {
                context.warn(
                    "bench: \(target) (\(dataset.series[index].hardwareID)): imputed descriptor fields \(imputed.joined(separator: ", "))")
            }
        }
        var tasks: [TransferTask] = []
        for target in targets {
            for shots in shotCounts {
                for repeatIndex in 0..<repeats {
                    tasks.append(
                        try TransferTask(
                            dataset: dataset, target: target,
                            trainColumns: arguments.flag("holdout-each") ? trainColumns?.filter { $0 != target } : trainColumns,
                            shots: shots, shotArchitectures: shotArchitectures, seed: seed &+ UInt64(repeatIndex),
                            excludeHardware: arguments.flag("exclude-hardware")))
                }
            }
        }
        var records: [BenchmarkRecord] = []
        for target in targets {
            let ofTarget = tasks.filter { dataset.series[$0.target].column == target }
            context.warn(
                "bench: \(name) -> \(target): \(ofTarget.count) run(s) (\(shotCounts.map(String.init).joined(separator: ",")) shots)")
            let results = try evaluation.evaluate(
                estimator: name, options: options, tasks: ofTarget, baseTraining: arguments.flag("base-train") ? true : nil)
            records += zip(results, ofTarget).map { result, task in result.record(dataset: dataset, task: task, options: options) }
        }
        if arguments.flag("ceiling") {
            let macs = try? space.cost(dataset.architectures).map(\.macs)
            for target in targets {
                // Every row of the target, the same training series as its runs.
                guard let first = tasks.first(where: { dataset.series[$0.target].column == target }) else { continue }
                let task = try TransferTask(
                    dataset: dataset, target: target, trainColumns: first.trainSeries.map { dataset.series[$0].column }, shots: [],
                    test: (first.shots + first.test).sorted(), trainArchitectures: nil, seed: seed)
                records.append(try TransferCeiling.record(dataset: dataset, task: task, macs: macs))
            }
        }
        if arguments.flag("json") {
            context.out(BenchmarkRecord.jsonLines(records))
            return 0
        }
        context.print(TextTable(ReportTable.records(records)).render())
        for summary in TransferSummary.summaries(records) { context.print(summary.line) }
        return 0
    }
}
