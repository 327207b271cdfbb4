import Foundation
import LatKit

/// `latkit data export`: a store's measured networks as a long CSV the rest of the tool reads.
enum DataExportCommand: Command {
    static let spec = CommandSpec(
        path: ["data", "export"], summary: "Export measured networks from a store as a long CSV",
        discussion: """
            Writes one row per measured network: architecture (canonical), device, batch_size, latency_ms (the
            mean), std_ms, min_ms, median_ms, runs, machine_load, profiler, protocol, space, measured_at. The file
            reads back with --data in train, bench and search (layout long; filter with --device/--batch-size).
            """,
        options: [
            .value("db", "FILE", "the measurement store (SQLite file)"),
            .value("csv", "OUT", "where to write the CSV (default: standard output)"),
            .value("space", "NAME", "only this search space"),
            .value("device", "NAME", "only this device"),
            .value("batch-size", "N", "only this batch size"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let db = arguments.value("db") else { throw UsageError(message: "--db FILE is required") }
        guard FileManager.default.fileExists(atPath: db) else { throw CommandError("\(db): no such store") }
        let filter = MeasurementFilter(
            space: arguments.value("space"), device: arguments.value("device"),
            batchSize: arguments.value("batch-size") == nil ? nil : try arguments.int("batch-size", default: 0))
        let text = try MeasurementStores.open(db).longTableText(filter)
        try writeOutput(text, to: arguments.value("csv"), context)
        return 0
    }
}
