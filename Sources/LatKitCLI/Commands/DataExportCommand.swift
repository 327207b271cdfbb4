import Foundation
import LatKit

/// `latkit data export`: a store's measured networks as a long CSV the rest of the tool reads.
enum DataExportCommand: Command {
    static let spec = CommandSpec(
        path: ["data", "export"], summary: "Export measured networks from a store as a long CSV, or copy a store to a SQLite file",
        discussion: """
            Writes one row per measured network: architecture (canonical), device, batch_size, latency_ms (the
            mean), std_ms, min_ms, median_ms, runs, machine_load, profiler, protocol, space, measured_at. The file
            reads back with --data in train, bench and search (layout long; filter with --device/--batch-size).

            With --db-out FILE.sqlite it copies the store instead (a farm's PostgreSQL results into a file that can be
            shipped): every device and every measured network and operator the filters keep, each once; a result
            already in the file is kept.
            """,
        options: [
            .value("db", "STORE", "the measurement store: a SQLite file or postgres://USER@HOST/DB").required(),
            .value("csv", "OUT", "where to write the CSV (default: standard output)"),
            .value("db-out", "FILE", "copy the results into this SQLite store (created when missing) instead of writing CSV"),
            .value("space", "NAME", "only this search space"),
            .value("device", "NAME", "only this device"),
            .value("batch-size", "N", "only this batch size"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let db = try arguments.required("db")
        let filter = MeasurementFilter(
            space: arguments.value("space"), device: arguments.value("device"),
            batchSize: arguments.value("batch-size") == nil ? nil : try arguments.int("batch-size", default: 0))
        let store = try MeasurementStores.openExisting(db)
        if let target = arguments.value("db-out") {
            guard arguments.value("csv") == nil else { throw UsageError(message: "give --csv or --db-out, not both") }
            guard !PostgresURL.isPostgres(target) else { throw UsageError(message: "--db-out must be a SQLite file") }
            let copy = try store.copy(filter, into: try SQLiteMeasurementStore(path: target))
            context.warn("latkit data export: copied \(copy.copied) results to \(target) (\(copy.alreadyThere) already there)")
            return 0
        }
        try writeOutput(try store.longTableText(filter), to: arguments.value("csv"), context)
        return 0
    }
}
