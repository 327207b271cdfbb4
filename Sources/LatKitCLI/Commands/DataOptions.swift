import Foundation
import LatKit

/// The options commands that read a latency data set share.
enum DataOptions {
    static let all: [OptionSpec] = [
        SpaceOptions.space, SpaceOptions.spaceOption,
        .value("data", "FILE", "latency CSV (wide, long or paper layout)"),
        .value(
            "db", "FILE",
            "read measured networks from a store (made by 'latkit profile': a SQLite file or postgres://USER@HOST/DB) instead of --data"),
        .value("target", "COLUMN", "latency column to learn (default latency_ms, or the file's only series)"),
        .value("device", "NAME", "long layout: keep rows of this device"),
        .value("batch-size", "N", "long layout: keep rows of this batch size"),
        .flag("skip-bad-rows", "skip rows with a bad latency or architecture (and report how many) instead of failing"),
    ]

    /// Loads the data set the options name, through the search space.
    static func load(_ arguments: ParsedArguments, space: SearchSpace, _ context: CommandContext) throws -> LatencyDataset {
        let options = LatencyDatasetOptions(
            target: arguments.value("target"), device: arguments.value("device"),
            batchSize: arguments.value("batch-size") == nil ? nil : try arguments.int("batch-size", default: 0),
            skipBadRows: arguments.flag("skip-bad-rows"))
        let dataset: LatencyDataset
        let path: String
        switch (arguments.value("data"), arguments.value("db")) {
        case (let file?, nil):
            path = file
            dataset = try LatencyDataset.load(path: file, space: space, options: options)
        case (nil, let db?):
            path = MeasurementStores.displayName(db)
            let text = try MeasurementStores.openExisting(db).longTableText(MeasurementFilter(space: space.name))
            dataset = try LatencyDataset(table: try CSVTable(text: text, source: path), space: space, options: options)
        case (nil, nil): throw UsageError(message: "--data FILE or --db FILE is required")
        case (_?, _?): throw UsageError(message: "give --data or --db, not both")
        }
        if dataset.problems.count > 0 {
            context.warn(
                ErrorMessage.sanitized(
                    "\(path): skipped \(dataset.problems.count) bad row(s): \(dataset.problems.examples.joined(separator: "; "))"))
        }
        return dataset
    }
}

/// The options commands that pick an estimator share.
enum EstimatorOptions {
    static let all: [OptionSpec] = [
        .value("estimator", "NAME|PATH", "estimator plugin name, or a plugin library path (PATH:NAME if it has several)"),
        .value("set", "KEY=VALUE", "estimator option (repeatable); see 'latkit plugins list' and each plugin's options", repeatable: true),
        .value("seed", "K", "random seed for training and splits (default 0)"),
    ]

    /// The resolved estimator name and its options.
    static func resolve(_ arguments: ParsedArguments, _ context: CommandContext) throws -> (name: String, options: [String: String]) {
        guard let text = arguments.value("estimator") else { throw UsageError(message: "--estimator is required") }
        return (try EstimatorReference.resolve(text, catalog: try context.catalog()), try arguments.keyValues())
    }
}
