import Foundation

/// One worker of a device farm: claims the jobs of its device and profiler from the queue,
/// measures each with the profiler, and stores the result and completes the job in one
/// transaction. Its lease is renewed by a `LeaseKeeper` while it measures. A lost database
/// connection (the server restarted) is retried for `reconnectSeconds` before the worker gives up;
/// a completion retried after a lost connection is recognised, so nothing is stored twice.
public final class FarmWorker {
    /// How a worker runs.
    public struct Configuration: Sendable {
        /// The farm's database.
        public var url: PostgresURL
        /// The worker's name, unique in the farm (default: host-pid).
        public var name: String
        /// The device it measures: it claims the jobs enqueued for this name.
        public var device: String
        /// Seconds a claim lasts without renewal; renewed every third of it.
        public var leaseSeconds: Double = 30
        /// Seconds between looks at an empty queue.
        public var pollSeconds: Double = 1
        /// Stop once no job of this device and profiler is queued or running.
        public var exitWhenIdle = false
        /// Stop after this many jobs (measured or failed).
        public var maxJobs: Int?
        /// Seconds to keep trying to reconnect to a lost server before giving up.
        public var reconnectSeconds: Double = 120

        /// Creates a configuration with the defaults above.
        public init(url: PostgresURL, name: String, device: String) {
            self.url = url
            self.name = name
            self.device = device
        }
    }

    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Jobs measured and stored.
        public var stored = 0
        /// Jobs completed whose item had a stored result already.
        public var alreadyStored = 0
        /// Jobs whose measurement failed (queued again or failed for good).
        public var failed = 0
        /// Results dropped because the lease had expired and the job was given to another worker.
        public var leaseLost = 0
    }

    /// One finished job, for a log line.
    public struct Event: Sendable {
        /// The job.
        public var job: MeasurementJob
        /// Its mean latency, when it was measured.
        public var latencyMs: Double?
        /// What happened: "stored", "already stored", "lease lost", or the failure and the job's new state.
        public var outcome: String
    }

    private let configuration: Configuration
    private let profiler: Profiler
    private let spaces: (String) throws -> SearchSpace
    private var openSpaces: [String: SearchSpace] = [:]

    /// A worker measuring with `profiler`; `spaces` opens a search space by name (to export the
    /// jobs' models).
    public init(configuration: Configuration, profiler: Profiler, spaces: @escaping (String) throws -> SearchSpace) {
        self.configuration = configuration
        self.profiler = profiler
        self.spaces = spaces
    }

    /// Runs until `shouldStop` returns true (checked between jobs), `maxJobs` jobs are done, or
    /// (with `exitWhenIdle`) the device's queue is empty. `onEvent` hears after every job.
    public func run(shouldStop: () -> Bool = { false }, onEvent: (Event) -> Void = { _ in }) throws -> Summary {
        let config = configuration
        let queue = try connectWithRetry()
        try reconnecting(queue) {
            var description = try profiler.describeDevice().filter { $0.key != "name" }
            description.insert(("name", config.device), at: 0)
            try queue.registerDevice(config.device, description: description)
            try queue.registerWorker(
                config.name, host: ProcessInfo.processInfo.hostName, pid: getpid(), device: config.device, profiler: profiler.name)
        }
        let keeper = LeaseKeeper(url: config.url, worker: config.name, leaseSeconds: config.leaseSeconds)
        keeper.start()
        defer { keeper.stop() }
        var summary = Summary()
        var lastSweep = Date.distantPast
        while !shouldStop(), summary.stored + summary.alreadyStored + summary.failed + summary.leaseLost < config.maxJobs ?? .max {
            if Date().timeIntervalSince(lastSweep) > config.leaseSeconds / 2 {
                try reconnecting(queue) { _ = try queue.requeueExpired() }
                lastSweep = Date()
            }
            let claimed = try reconnecting(queue) {
                try queue.claim(worker: config.name, device: config.device, profiler: profiler.name, leaseSeconds: config.leaseSeconds)
            }
            guard let job = claimed else {
                if config.exitWhenIdle,
                    try reconnecting(queue, { try queue.pendingCount(device: config.device, profiler: profiler.name) }) == 0
                {
                    break
                }
                Thread.sleep(forTimeInterval: config.pollSeconds)
                continue
            }
            keeper.hold(job)
            let measured: Result<Measurement, Error> = Result {
                try ProfilingSession.measure(
                    job.item, kind: job.request.kind, space: try space(job.request.space), profiler: profiler,
                    settings: job.request.settings)
            }
            let lost = keeper.leaseLost
            keeper.hold(nil)
            switch measured {
            case .success(let measurement) where !lost:
                let completion = try reconnecting(queue) { try queue.complete(job, measurement: measurement, worker: config.name) }
                switch completion {
                case .stored: summary.stored += 1
                case .alreadyStored: summary.alreadyStored += 1
                case .leaseLost: summary.leaseLost += 1
                }
                let text = completion == .stored ? "stored" : completion == .alreadyStored ? "already stored" : "lease lost, result dropped"
                onEvent(Event(job: job, latencyMs: measurement.meanMs, outcome: text))
            case .success:
                summary.leaseLost += 1
                onEvent(Event(job: job, latencyMs: nil, outcome: "lease lost, result dropped"))
            case .failure(let error):
                summary.failed += 1
                let state = try reconnecting(queue) { try queue.fail(job, error: String(describing: error), worker: config.name) }
                onEvent(Event(job: job, latencyMs: nil, outcome: "failed (\(state.map { "now \($0)" } ?? "lease lost")): \(error)"))
            }
        }
        return summary
    }

    private func space(_ name: String) throws -> SearchSpace {
        if let space = openSpaces[name] { return space }
        let space = try spaces(name)
        openSpaces[name] = space
        return space
    }

    /// Connects, retrying while the server cannot be reached for up to `reconnectSeconds`.
    private func connectWithRetry() throws -> JobQueue {
        try retryingLostConnections(beforeRetry: {}) { try JobQueue(url: configuration.url) }
    }

    /// Runs `body`; when the connection is lost, reconnects (retrying for up to
    /// `reconnectSeconds`) and runs it again. `body` must be safe to repeat.
    private func reconnecting<R>(_ queue: JobQueue, _ body: () throws -> R) throws -> R {
        try retryingLostConnections(beforeRetry: { try? queue.reconnect() }, body)
    }

    /// Runs `body` until it succeeds or fails for another reason than a lost connection, waiting
    /// 0.2 s, 0.4 s, ... (at most 2 s) and calling `beforeRetry` between tries; gives up with the
    /// last error after `reconnectSeconds`.
    private func retryingLostConnections<R>(beforeRetry: () -> Void, _ body: () throws -> R) throws -> R {
        let deadline = Date(timeIntervalSinceNow: configuration.reconnectSeconds)
        var delay = 0.2
        while true {
            do {
                return try body()
            } catch let error as PostgresError where error.connectionLost {
                guard Date() < deadline else { throw error }
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 2)
                beforeRetry()
            }
        }
    }
}
