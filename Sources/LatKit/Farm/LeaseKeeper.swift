import Foundation

/// Keeps a worker's lease alive while it measures: a thread with its own database connection
/// that pushes the held job's lease forward every third of the lease and marks the worker alive.
/// If the worker dies, the thread dies with it and the lease runs out: that is how the farm
/// notices a dead worker. Its state is shared with the thread under `condition` only.
final class LeaseKeeper: @unchecked Sendable {
    private let url: PostgresURL
    private let worker: String
    private let leaseSeconds: Double
    private let condition = NSCondition()
    private var job: MeasurementJob?
    private var stopped = false
    private var lost = false
    private var thread: Thread?

    init(url: PostgresURL, worker: String, leaseSeconds: Double) {
        self.url = url
        self.worker = worker
        self.leaseSeconds = leaseSeconds
    }

    /// Starts the renewing thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "latkit lease keeper"
        self.thread = thread
        thread.start()
    }

    /// Renews `job`'s lease from now on (nil: hold nothing, only keep the heartbeat).
    func hold(_ job: MeasurementJob?) {
        condition.lock()
        self.job = job
        lost = false
        condition.unlock()
    }

    /// True when a renewal found that the held job's lease was no longer this worker's.
    var leaseLost: Bool {
        condition.lock()
        defer { condition.unlock() }
        return lost
    }

    /// Stops the thread (it ends within one renewal interval).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var queue: JobQueue?
        let interval = max(0.05, leaseSeconds / 3)
        while true {
            condition.lock()
            _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
            let (job, stopped) = (self.job, self.stopped)
            condition.unlock()
            if stopped { return }
            // A lost connection is retried at the next interval; the lease has two more to spare.
            do {
                if queue == nil { queue = try JobQueue(url: url) }
                try queue?.heartbeat(worker)
                if let job, try !(queue?.renew(job, leaseSeconds: leaseSeconds) ?? true) {
                    condition.lock()
                    if self.job == job { lost = true }
                    condition.unlock()
                }
            } catch {
                queue = nil
            }
        }
    }
}
