import Foundation
import LatKit

/// `latkit worker`: one device host's worker in a farm; claims, measures and stores jobs.
enum WorkerCommand: Command {
    static let spec = CommandSpec(
        path: ["worker"], summary: "Measure queued jobs of a device farm (PostgreSQL) with a profiler on this machine",
        discussion: """
            Claims the jobs queued (by 'latkit profile' or 'latkit lut build' with a postgres:// store) for this
            device and profiler, one at a time (SELECT ... FOR UPDATE SKIP LOCKED: workers never take the same job),
            measures each and stores the result and completes the job in one transaction. While it measures it
            renews a lease; if it dies (kill -9, power loss, lost network), the lease runs out and the job returns to
            the queue for another worker, and a late result from it is never stored twice. A failed job is tried
            again up to its attempt limit, then kept as failed with its error ('latkit farm retry' queues it again).
            A lost database connection is retried for --reconnect seconds. Stops on Ctrl-C after the current job.

            Give the password through PGPASSWORD or ~/.pgpass rather than in the URL: a URL password is masked in
            everything latkit prints and in its own process listing, but only once it has started.
            """,
        options: [
            farmDatabase,
            .value("profiler", "NAME", "profiler plugin (default onnxruntime-cpu)"),
            .value("profiler-option", "KEY=VALUE", "option for the profiler (repeatable); see 'latkit plugins list'", repeatable: true),
            .value("ort-lib", "PATH", "ONNX Runtime library for onnxruntime-cpu (default: $LATKIT_ORT_LIB, then .deps/onnxruntime)"),
            .value("device", "NAME", "the farm device this worker measures (default: the name its profiler gives)"),
            .value("name", "WORKER", "this worker's name in 'farm status' (default: HOST-PID)"),
            .value("lease", "SECONDS", "how long a claim lasts without renewal (default 30; renewed every third)"),
            .value("poll", "SECONDS", "pause between looks at an empty queue (default 1)"),
            .value("reconnect", "SECONDS", "how long to keep reconnecting to a lost server (default 120)"),
            .value("max-jobs", "N", "stop after N jobs"),
            .flag("exit-when-idle", "stop once no job of this device and profiler is queued or running"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let url = try farmURL(arguments)
        func seconds(_ name: String, _ fallback: Double) throws -> Double {
            guard let text = arguments.value(name) else { return fallback }
            guard let value = Double(text), value.isFinite, value > 0, value <= 86_400 else {
                throw UsageError(message: "--\(name) needs seconds in (0, 86400], got '\(text)'")
            }
            return value
        }
        let profiler = try ProfilerOptions.profiler(arguments, context)
        let device = try arguments.value("device") ?? profiler.describeDevice().first(where: { $0.key == "name" })?.value ?? ""
        guard !device.isEmpty else { throw CommandError("profiler '\(profiler.name)' names no device; give --device NAME") }
        let name = arguments.value("name") ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        var configuration = FarmWorker.Configuration(url: url, name: name, device: device)
        configuration.leaseSeconds = try seconds("lease", 30)
        configuration.pollSeconds = try seconds("poll", 1)
        configuration.reconnectSeconds = try seconds("reconnect", 120)
        configuration.exitWhenIdle = arguments.flag("exit-when-idle")
        if arguments.value("max-jobs") != nil {
            let count = try arguments.int("max-jobs", default: 0)
            guard count > 0 else { throw UsageError(message: "--max-jobs must be positive, got \(count)") }
            configuration.maxJobs = count
        }
        let catalog = try context.catalog()
        let worker = FarmWorker(configuration: configuration, profiler: profiler) { try catalog.searchSpace($0) }
        context.warn("latkit worker \(name): measuring '\(device)' with \(profiler.name) from \(url.masked)")
        StopRequest.install()
        let summary = try worker.run(shouldStop: { StopRequest.requested }) { event in
            let latency = event.latencyMs.map { String(format: "%.3f ms", $0) } ?? "-"
            context.warn("latkit worker \(name): job \(event.job.id) \(event.outcome) \(latency) \(clipped(event.job.item))")
        }
        context.warn(
            "latkit worker \(name): stored \(summary.stored), already stored \(summary.alreadyStored), failed \(summary.failed), "
                + "lease lost \(summary.leaseLost)")
        return 0
    }

    private static func clipped(_ text: String) -> String { text.count > 80 ? text.prefix(77) + "..." : text }
}

/// Ctrl-C (or SIGTERM) asks a long-running command to stop after its current step; a second one
/// ends the process at once.
enum StopRequest {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// True once a stop was asked for.
    static var requested: Bool { flag != 0 }

    /// Installs the handlers.
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            if StopRequest.flag != 0 { _exit(128 + signal) }
            StopRequest.flag = 1
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
