import Foundation
import LatKit

/// The options commands that measure share: which profiler, its options, the protocol, the store.
enum ProfilerOptions {
    static let all: [OptionSpec] = [
        .value("db", "FILE", "measurement store: a SQLite file, created when missing; results survive interruption"),
        .value("profiler", "NAME", "profiler plugin (default onnxruntime-cpu)"),
        .value("profiler-option", "KEY=VALUE", "option for the profiler (repeatable); see 'latkit plugins list'", repeatable: true),
        .value("ort-lib", "PATH", "ONNX Runtime library for onnxruntime-cpu (default: $LATKIT_ORT_LIB, then .deps/onnxruntime)"),
        .value("batch", "B", "images per inference (default 1)"),
        .value("warmup", "N", "untimed runs before timing each network (default 10)"),
        .value("runs", "N", "timed runs per network (default 50)"),
        .value("threads", "N", "threads the engine may use (default 1)"),
    ]

    /// A profiling session over the store, profiler and protocol the options name.
    static func session(_ arguments: ParsedArguments, space: SearchSpace, _ context: CommandContext) throws -> ProfilingSession {
        guard let db = arguments.value("db") else { throw UsageError(message: "--db FILE is required (where results are stored)") }
        var options = try arguments.keyValues("profiler-option")
        if let library = arguments.value("ort-lib") { options["ort_lib"] = library }
        let profiler = try context.catalog().profiler(arguments.value("profiler") ?? "onnxruntime-cpu", options: options)
        func positive(_ name: String) throws -> Int? {
            guard arguments.value(name) != nil else { return nil }
            let value = try arguments.int(name, default: 0)
            guard (1...100_000).contains(value) else { throw UsageError(message: "--\(name) must be 1...100000, got \(value)") }
            return value
        }
        let settings = MeasurementSettings(
            warmupRuns: try positive("warmup"), timedRuns: try positive("runs"), batchSize: try positive("batch"),
            threads: try positive("threads"))
        return try ProfilingSession(space: space, profiler: profiler, store: try MeasurementStores.open(db), settings: settings)
    }

    /// Measures `items` in `session`, with a progress line (count, rate, ETA, last latency) on
    /// standard error; prints a summary and returns the exit code (1 when an item failed).
    static func measure(
        _ items: [String], kind: MeasurementSeries.Kind, session: ProfilingSession, label: String, _ context: CommandContext
    ) throws -> Int32 {
        let series = session.series(kind)
        context.warn(
            "\(label): \(items.count) \(kind == .network ? "networks" : "operators") on '\(series.device)' with \(session.profiler.name) "
                + "(batch \(series.batchSize), \(series.measurementProtocol)) into \(session.store.location)")
        let printer = ProgressPrinter(context, label: label)
        let outcome = try session.measure(items, kind: kind) { progress in
            let eta = progress.remaining.map { String(format: "ETA %.0fs", $0) } ?? "ETA -"
            let last = progress.lastLatencyMs.map { String(format: "last %.3f ms", $0) } ?? "last failed"
            let fraction = progress.total == 0 ? 1 : Double(progress.done) / Double(progress.total)
            printer.report(
                fraction, "\(progress.done)/\(progress.total) \(String(format: "%.2f/s", progress.rate)) \(eta) \(last)")
            return true
        }
        printer.finish()
        context.warn("\(label): measured \(outcome.measured), already stored \(outcome.alreadyStored), failed \(outcome.failures.count)")
        for failure in outcome.failures.prefix(5) { context.warn("  failed: \(failure.item): \(failure.reason)") }
        return outcome.failures.isEmpty ? 0 : 1
    }
}
