import Foundation

/// How fast the farm's queue turns jobs over on a given server, without measuring anything: N
/// simulated workers (threads, one connection each, a zero-cost fake profiler) claim and complete
/// jobs exactly as `latkit worker` does (a claim transaction, then a completion transaction that
/// stores the result). Everything it writes lives under a scratch device name and is deleted
/// at the end.
public struct QueueBenchmark {
    /// One run's figures.
    public struct Point: Sendable, Codable, Equatable {
        /// Simulated workers.
        public var workers: Int
        /// Jobs claimed and completed.
        public var jobs: Int
        /// Wall time of the run, seconds.
        public var seconds: Double
        /// Claims + completions per second (one job = one of each).
        public var jobsPerSecond: Double
        /// Median time of one claim, ms.
        public var claimMedianMs: Double
        /// Median time of one completion (result stored, job marked done), ms.
        public var completeMedianMs: Double
    }

    /// The server.
    public let url: PostgresURL

    /// A benchmark against `url`.
    public init(url: PostgresURL) { self.url = url }

    /// Runs `jobs` jobs through `workers` simulated workers and returns the figures.
    public func run(workers: Int, jobs: Int) throws -> Point {
        guard workers > 0, jobs > 0 else { throw StoreError("the queue benchmark needs workers and jobs, got \(workers) and \(jobs)") }
        let device = "latkit-queue-bench-\(UUID().uuidString.prefix(8).lowercased())"
        let request = MeasurementRequest(
            space: "queue-bench", kind: .network, device: device, profiler: "zero-cost", settings: MeasurementSettings())
        let setup = try JobQueue(url: url)
        defer { try? Self.deleteScratch(device: device, on: setup) }
        try setup.registerDevice(device, description: [("name", device)])
        _ = try setup.enqueue((0..<jobs).map { "job-\($0)" }, request: request, maxAttempts: 1)

        let queues = try (0..<workers).map { _ in try JobQueue(url: url) }
        let tally = Tally()
        let group = DispatchGroup()
        let started = Date()
        for (index, owned) in queues.enumerated() {
            group.enter()
            // Each thread owns its own connection; nothing else touches it while the thread runs.
            nonisolated(unsafe) let queue = owned
            let thread = Thread {
                defer { group.leave() }
                let name = "\(device)-\(index)"
                var claims: [Double] = []
                var completes: [Double] = []
                do {
                    try queue.registerWorker(name, host: "bench", pid: getpid(), device: device, profiler: request.profiler)
                    let measurement = Measurement(meanMs: 1, stdMs: 0, minMs: 1, medianMs: 1, machineLoad: nil, runs: 1)
                    while true {
                        let t0 = Date()
                        guard let job = try queue.claim(worker: name, device: device, profiler: request.profiler, leaseSeconds: 60) else {
                            break
                        }
                        let t1 = Date()
                        _ = try queue.complete(job, measurement: measurement, worker: name)
                        claims.append(t1.timeIntervalSince(t0) * 1_000)
                        completes.append(Date().timeIntervalSince(t1) * 1_000)
                    }
                } catch {
                    tally.add(claims: claims, completes: completes, error: error)
                    return
                }
                tally.add(claims: claims, completes: completes, error: nil)
            }
            thread.start()
        }
        group.wait()
        let seconds = Date().timeIntervalSince(started)
        let (claimTimes, completeTimes, firstError) = tally.collected
        if let firstError { throw firstError }
        let done = completeTimes.count
        guard done == jobs else { throw StoreError("\(url.masked): the benchmark completed \(done) of \(jobs) jobs") }
        return Point(
            workers: workers, jobs: jobs, seconds: seconds, jobsPerSecond: Double(jobs) / seconds,
            claimMedianMs: median(claimTimes), completeMedianMs: median(completeTimes))
    }

    private static func deleteScratch(device: String, on queue: JobQueue) throws {
        try queue.connection.transaction {
            try queue.connection.query("DELETE FROM jobs WHERE device = $1", [.text(device)])
            try queue.connection.query("DELETE FROM measurements WHERE device = $1", [.text(device)])
            try queue.connection.query("DELETE FROM workers WHERE device = $1", [.text(device)])
            try queue.connection.query("DELETE FROM devices WHERE name = $1", [.text(device)])
        }
    }

    /// What the worker threads measured, gathered under a lock.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var claims: [Double] = []
        private var completes: [Double] = []
        private var error: Error?

        func add(claims: [Double], completes: [Double], error: Error?) {
            lock.lock()
            defer { lock.unlock() }
            self.claims += claims
            self.completes += completes
            if self.error == nil { self.error = error }
        }

        var collected: ([Double], [Double], Error?) {
            lock.lock()
            defer { lock.unlock() }
            return (claims, completes, error)
        }
    }
}
