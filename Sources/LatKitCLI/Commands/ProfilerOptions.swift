import Foundation
import LatKit

/// The options commands that measure share: which profiler, its options, the protocol, the store.
enum ProfilerOptions {
    static let all: [OptionSpec] =
        [
            .value(
                "db", "STORE",
                "a SQLite file (created when missing; measured here), or postgres://USER@HOST/DB (jobs queued for 'latkit worker')"
            ).required()
        ] + choice + [batch, warmup, runs, threads] + [
            .value("device", "NAME", "with a postgres:// store: the farm device to measure on (workers started with --device NAME)"),
            .value("max-attempts", "N", "with a postgres:// store: tries per job before it is failed (default 3)"),
        ]

    /// Which profiler, and its options.
    static let choice: [OptionSpec] = [
        .value("profiler", "NAME", "profiler plugin (default onnxruntime-cpu)"),
        .value("profiler-option", "KEY=VALUE", "option for the profiler (repeatable); see 'latkit plugins list'", repeatable: true),
        .value("ort-lib", "PATH", "ONNX Runtime library for onnxruntime-cpu (default: $LATKIT_ORT_LIB, then .deps/onnxruntime)"),
    ]

    /// The measurement protocol's options, each on its own for commands that take only some.
    static let batch = OptionSpec.value("batch", "B", "images per inference (default 1)")
    static let warmup = OptionSpec.value("warmup", "N", "untimed runs before timing each network (default 10)")
    static let runs = OptionSpec.value("runs", "N", "timed runs per network (default 50)")
    static let threads = OptionSpec.value("threads", "N", "threads the engine may use (default 1)")

    /// The profiler the options name, created with its options; `defaults` fills the options
    /// the command line leaves unset.
    static func profiler(_ arguments: ParsedArguments, _ context: CommandContext, defaults: [String: String] = [:]) throws -> Profiler {
        var options = try arguments.keyValues("profiler-option").merging(defaults) { given, _ in given }
        if let library = arguments.value("ort-lib") { options["ort_lib"] = library }
        return try context.catalog().profiler(profilerName(arguments), options: options)
    }

    static func profilerName(_ arguments: ParsedArguments) -> String { arguments.value("profiler") ?? "onnxruntime-cpu" }

    /// The measurement protocol the options set (nil fields: the defaults).
    static func settings(_ arguments: ParsedArguments) throws -> MeasurementSettings {
        func positive(_ name: String) throws -> Int? {
            guard arguments.value(name) != nil else { return nil }
            let value = try arguments.int(name, default: 0)
            guard (1...100_000).contains(value) else { throw UsageError(message: "--\(name) must be 1...100000, got \(value)") }
            return value
        }
        return MeasurementSettings(
            warmupRuns: try positive("warmup"), timedRuns: try positive("runs"), batchSize: try positive("batch"),
            threads: try positive("threads"))
    }

    /// The `--db` store location.
    static func store(_ arguments: ParsedArguments) throws -> String { try arguments.required("db") }

    /// A profiling session over the store, profiler and protocol the options name.
    static func session(_ arguments: ParsedArguments, space: SearchSpace, _ context: CommandContext) throws -> ProfilingSession {
        let store = try MeasurementStores.open(try Self.store(arguments))
        return try ProfilingSession(
            space: space, profiler: try profiler(arguments, context), store: store, settings: try settings(arguments))
    }

    /// With a `postgres://` store: queues a job per item not yet measured or queued, for the
    /// workers of `--device`; prints what it did. Returns the outcome and the request (whose
    /// series the results will be stored in).
    static func enqueue(
        _ items: [String], kind: MeasurementSeries.Kind, space: SearchSpace, arguments: ParsedArguments, label: String,
        _ context: CommandContext
    ) throws -> (outcome: JobQueue.EnqueueOutcome, request: MeasurementRequest) {
        for option in ["profiler-option", "ort-lib"] where !arguments.all(option).isEmpty {
            throw UsageError(message: "--\(option) sets up the profiler of each worker ('latkit worker --\(option)'), not queued jobs")
        }
        guard let device = arguments.value("device") else {
            throw UsageError(message: "--device NAME is required with a postgres:// store (the farm device whose workers measure)")
        }
        let maxAttempts = try arguments.int("max-attempts", default: 3)
        guard (1...100).contains(maxAttempts) else { throw UsageError(message: "--max-attempts must be 1...100, got \(maxAttempts)") }
        let queue = try JobQueue(url: try PostgresURL(try store(arguments)))
        let request = MeasurementRequest(
            space: space.name, kind: kind, device: device, profiler: profilerName(arguments), settings: try settings(arguments))
        let outcome = try queue.enqueue(items, request: request, maxAttempts: maxAttempts)
        let series = request.series
        context.warn(
            "\(label): queued \(outcome.added) \(kind == .network ? "networks" : "operators") for '\(device)' with \(request.profiler) "
                + "(batch \(series.batchSize), \(series.measurementProtocol)) in \(queue.location); "
                + "already queued \(outcome.alreadyQueued), already measured \(outcome.alreadyMeasured)")
        if outcome.added + outcome.alreadyQueued > 0 {
            context.warn(
                "\(label): workers measure them: latkit worker --db \(queue.location) --profiler \(request.profiler) --device \(device); "
                    + "follow with: latkit farm status --db \(queue.location)")
        }
        return (outcome, request)
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
