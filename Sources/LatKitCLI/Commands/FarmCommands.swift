import Foundation
import LatKit

/// The farm's database URL from `--db`; must be `postgres://`. Shared by the worker and the farm commands.
func farmURL(_ arguments: ParsedArguments) throws -> PostgresURL {
    let db = try arguments.required("db")
    guard PostgresURL.isPostgres(db) else { throw UsageError(message: "--db must be a postgres:// URL (a farm's database)") }
    return try PostgresURL(db)
}

/// The `--db URL` option of the worker and the farm commands.
let farmDatabase = OptionSpec.value("db", "URL", "the farm's database: postgres://USER@HOST[:PORT]/DATABASE").required()

/// `latkit farm status`: jobs per device and state, workers and their heartbeats, throughput, ETA.
enum FarmStatusCommand: Command {
    static let spec = CommandSpec(
        path: ["farm", "status"], summary: "Show a device farm's queue, workers, throughput and ETA",
        discussion: """
            Per device and profiler: queued, running, done and failed jobs, jobs finished per second over the last
            five minutes and the time left at that rate. Then every worker seen, with the age of its last
            heartbeat (a worker renews it every third of its lease; an old one is likely dead, and its job returns
            to the queue when the lease runs out), and the most recent failures with their errors.
            """,
        options: [farmDatabase, .flag("json", "print the status as one JSON object")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let queue = try JobQueue(url: try farmURL(arguments))
        let status = try queue.status()
        if arguments.flag("json") {
            try context.printJSON(status)
            return 0
        }
        context.print("farm: \(queue.location)")
        if status.devices.isEmpty { context.print("no jobs queued yet") }
        var rows = [["device", "profiler", "queued", "running", "done", "failed", "jobs/s", "ETA"]]
        for device in status.devices {
            rows.append([
                device.device, device.profiler, String(device.queued), String(device.running), String(device.done), String(device.failed),
                device.jobsPerSecond.map { String(format: "%.2f", $0) } ?? "-",
                device.queued + device.running == 0 ? "done" : device.etaSeconds.map(durationText) ?? "-",
            ])
        }
        if !status.devices.isEmpty { printTable(rows, context) }
        context.print("")
        context.print("workers (\(status.workers.count)):")
        var workers = [["name", "host", "pid", "device", "profiler", "last heartbeat", "done", "failed"]]
        for worker in status.workers {
            workers.append([
                worker.name, worker.host, String(worker.pid), worker.device, worker.profiler,
                durationText(worker.secondsSinceHeartbeat) + " ago", String(worker.jobsDone), String(worker.jobsFailed),
            ])
        }
        if !status.workers.isEmpty { printTable(workers, context) }
        if !status.failures.isEmpty {
            context.print("")
            context.print("failed jobs (most recent; 'latkit farm retry' queues them again):")
            for failure in status.failures {
                context.print(
                    "  job \(failure.id) on \(failure.device) after \(failure.attempts) attempt(s): \(failure.item.prefix(60)): \(failure.error.prefix(200))"
                )
            }
        }
        return 0
    }

    private static func printTable(_ rows: [[String]], _ context: CommandContext) {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            context.print(
                "  "
                    + row.enumerated().map { column, text in text.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    private static func durationText(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: return String(format: "%.0fs", seconds)
        case ..<3_600: return String(format: "%.0fm%02.0fs", (seconds / 60).rounded(.down), seconds.truncatingRemainder(dividingBy: 60))
        default:
            return String(
                format: "%.0fh%02.0fm", (seconds / 3_600).rounded(.down), (seconds / 60).truncatingRemainder(dividingBy: 60).rounded(.down))
        }
    }
}

/// `latkit farm retry`: queues failed jobs again.
enum FarmRetryCommand: Command {
    static let spec = CommandSpec(
        path: ["farm", "retry"], summary: "Queue a farm's failed jobs again, with their attempts reset",
        discussion: "Each failed job keeps its last error (shown by 'farm status') until a worker tries it again.",
        options: [farmDatabase, .value("device", "NAME", "only this device's failed jobs")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let queue = try JobQueue(url: try farmURL(arguments))
        let count = try queue.retryFailed(device: arguments.value("device"))
        context.warn("latkit farm retry: queued \(count) failed job(s) again")
        return 0
    }
}

/// `latkit farm bench`: the queue's turnover with simulated workers and a zero-cost profiler.
enum FarmBenchCommand: Command {
    static let spec = CommandSpec(
        path: ["farm", "bench"], summary: "Measure how many jobs per second a farm's database turns over",
        discussion: """
            For each worker count, enqueues --jobs jobs under a scratch device and lets that many simulated workers
            (threads, one connection each, a profiler that costs nothing) claim and complete them exactly as
            'latkit worker' does: a claim transaction, then one that stores the result and marks the job done.
            Prints jobs per second and the median claim and completion times; deletes what it wrote. Each
            worker holds one connection: keep the largest count under the server's max_connections.
            """,
        options: [
            farmDatabase,
            .value("workers", "LIST", "comma-separated worker counts (default 1,4,16,64)"),
            .value("jobs", "N", "jobs per worker count (default 2000)"),
            .flag("json", "print the figures as JSON"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let benchmark = QueueBenchmark(url: try farmURL(arguments))
        let counts = try (arguments.value("workers") ?? "1,4,16,64").split(separator: ",").map { text -> Int in
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (1...1_000).contains(count) else {
                throw UsageError(message: "--workers needs counts in 1...1000, got '\(text)'")
            }
            return count
        }
        let jobs = try arguments.int("jobs", default: 2_000)
        guard (1...1_000_000).contains(jobs) else { throw UsageError(message: "--jobs must be 1...1000000, got \(jobs)") }
        var points: [QueueBenchmark.Point] = []
        for count in counts {
            let point = try benchmark.run(workers: count, jobs: jobs)
            points.append(point)
            if !arguments.flag("json") {
                context.print(
                    String(
                        format: "%4d workers: %6d jobs in %6.2f s = %7.0f jobs/s; median claim %.2f ms, completion %.2f ms", count, jobs,
                        point.seconds, point.jobsPerSecond, point.claimMedianMs, point.completeMedianMs))
            }
        }
        if arguments.flag("json") { try context.printJSON(points) }
        return 0
    }
}
