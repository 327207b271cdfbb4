import Foundation

/// The device farm's job queue, in the same PostgreSQL database as the measurement store.
///
/// A job is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` (so concurrent workers never wait
/// for, nor take, the same job) and held under a lease: a deadline the worker pushes forward
/// while it measures, and a random token that only this claim knows. The result is stored and the
/// job marked done in one transaction that checks the token, so a worker presumed dead (its lease
/// expired and the job went back to the queue) can never store a second result. A job that fails
/// (or whose lease expires) is queued again until it has been tried `max_attempts` times, then it
/// is `failed`, keeping its last error.
public final class JobQueue {
    let connection: PostgresConnection

    /// The URL with its password masked.
    public var location: String { connection.url.masked }

    /// Connects to `url` and creates the tables when missing.
    public init(url: PostgresURL) throws {
        connection = try PostgresConnection(url: url)
        try PostgresSchema.ensure(on: connection)
    }

    /// Reconnects after the connection was lost (the server restarted, the network broke).
    public func reconnect() throws { try connection.reconnect() }

    // MARK: Enqueuing

    /// What an `enqueue` call did.
    public struct EnqueueOutcome: Sendable, Equatable {
        /// New jobs.
        public var added: Int
        /// Items that already had a job (queued, running, done or failed).
        public var alreadyQueued: Int
        /// Items whose result was already stored (no job needed).
        public var alreadyMeasured: Int
    }

    /// Adds a job for each item of `items` not yet measured in the request's series and not yet
    /// queued; each job may be tried `maxAttempts` times.
    public func enqueue(_ items: [String], request: MeasurementRequest, maxAttempts: Int = 3) throws -> EnqueueOutcome {
        guard maxAttempts > 0 else { throw StoreError("max attempts must be positive, got \(maxAttempts)") }
        var seen = Set<String>()
        let distinct = items.filter { seen.insert($0).inserted }
        let measured = try PostgresMeasurementStore.measuredItems(in: request.series, on: connection)
        let wanted = distinct.filter { !measured.contains($0) }
        var added = 0
        let settings = request.settings
        try connection.transaction {
            for start in stride(from: 0, to: wanted.count, by: 1_000) {
                let chunk = Array(wanted[start..<min(start + 1_000, wanted.count)])
                let rows = try connection.query(
                    """
                    INSERT INTO jobs (space, kind, device, profiler, batch_size, warmup, runs, threads, max_attempts, item)
                    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, unnest($10::text[])
                    ON CONFLICT DO NOTHING RETURNING id
                    """,
                    [
                        .text(request.space), .text(request.kind.rawValue), .text(request.device), .text(request.profiler),
                        .int(settings.batchSize ?? 1), .int(settings.warmupRuns ?? 0), .int(settings.timedRuns ?? 1),
                        .int(settings.threads ?? 1), .int(maxAttempts), .text(Self.arrayLiteral(chunk)),
                    ])
                added += rows.count
            }
        }
        return EnqueueOutcome(added: added, alreadyQueued: wanted.count - added, alreadyMeasured: distinct.count - wanted.count)
    }

    /// A PostgreSQL array literal of `texts`, each quoted with `"` and `\` escaped.
    static func arrayLiteral(_ texts: [String]) -> String {
        let quoted = texts.map { text in
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    // MARK: Claiming and completing

    /// Claims the oldest queued job of `device` and `profiler` for `worker`, with a lease of
    /// `leaseSeconds`; nil when there is none.
    public func claim(worker: String, device: String, profiler: String, leaseSeconds: Double) throws -> MeasurementJob? {
        let token = UUID().uuidString
        let rows = try connection.query(
            """
            UPDATE jobs SET state = 'running', worker = $1, lease_token = $2, lease_until = now() + make_interval(secs => $3),
                attempts = attempts + 1, started_at = now()
            WHERE id = (
                SELECT id FROM jobs WHERE state = 'queued' AND device = $4 AND profiler = $5
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, space, kind, batch_size, warmup, runs, threads, item, attempts
            """, [.text(worker), .text(token), .real(leaseSeconds), .text(device), .text(profiler)])
        guard let row = rows.first else { return nil }
        func int(_ column: Int) -> Int { row[column].flatMap { Int($0) } ?? 0 }
        let request = MeasurementRequest(
            space: row[1] ?? "", kind: MeasurementSeries.Kind(rawValue: row[2] ?? "") ?? .network, device: device, profiler: profiler,
            settings: MeasurementSettings(warmupRuns: int(4), timedRuns: int(5), batchSize: int(3), threads: int(6)))
        return MeasurementJob(
            id: Int64(int(0)), leaseToken: token, request: request, item: row[7] ?? "", attempt: int(8))
    }

    /// Pushes `job`'s lease `leaseSeconds` into the future; false when the lease was lost (it
    /// expired and the job was queued again, or it is no longer running).
    public func renew(_ job: MeasurementJob, leaseSeconds: Double) throws -> Bool {
        try !connection.query(
            """
            UPDATE jobs SET lease_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING id
            """, [.integer(job.id), .text(job.leaseToken), .real(leaseSeconds)]
        ).isEmpty
    }

    /// How a completion ended.
    public enum Completion: Sendable, Equatable {
        /// The result was stored and the job is done.
        case stored
        /// The job is done, but a result of the same item was already stored (it was kept).
        case alreadyStored
        /// This worker no longer held the job (its lease expired): nothing was written.
        case leaseLost
    }

    /// Stores `measurement` as `job`'s result and marks the job done, in one transaction that
    /// holds only while the job's lease token is still this claim's. Safe to call again after
    /// a lost connection: a completion that did commit is recognised by its token.
    public func complete(_ job: MeasurementJob, measurement: Measurement, worker: String) throws -> Completion {
        let result = StoredMeasurement(
            series: job.request.series, item: job.item, measurement: measurement, measuredAt: ProfilingSession.timestamp())
        return try connection.transaction {
            let claimed = try connection.query(
                """
                UPDATE jobs SET state = 'done', finished_at = now(), error = NULL
                WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING id
                """, [.integer(job.id), .text(job.leaseToken)])
            if claimed.isEmpty {
                let row = try connection.query("SELECT state, lease_token FROM jobs WHERE id = $1", [.integer(job.id)]).first
                return row?[0] == "done" && row?[1] == job.leaseToken ? .stored : .leaseLost
            }
            let inserted = try PostgresMeasurementStore.insert(result, on: connection)
            try connection.query(
                "UPDATE workers SET jobs_done = jobs_done + 1, last_heartbeat = now() WHERE name = $1", [.text(worker)])
            return inserted ? .stored : .alreadyStored
        }
    }

    /// Records that `job` failed with `error`: it is queued again, or `failed` when it has been
    /// tried `max_attempts` times. Returns the job's new state ("queued", "failed"), nil when the
    /// lease was lost.
    @discardableResult
    public func fail(_ job: MeasurementJob, error: String, worker: String) throws -> String? {
        try connection.transaction {
            let rows = try connection.query(
                """
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN now() END, error = $3, lease_token = NULL
                WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING state
                """, [.integer(job.id), .text(job.leaseToken), .text(String(error.prefix(2_000)))])
            try connection.query(
                "UPDATE workers SET jobs_failed = jobs_failed + 1, last_heartbeat = now() WHERE name = $1", [.text(worker)])
            return rows.first?[0] ?? nil
        }
    }

    /// Returns every running job whose lease has expired to the queue (or marks it failed when it
    /// has used its attempts); returns how many. Any worker may call it; concurrent calls are safe.
    @discardableResult
    public func requeueExpired() throws -> Int {
        try connection.query(
            """
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                finished_at = CASE WHEN attempts >= max_attempts THEN now() END, lease_token = NULL,
                error = 'lease expired: worker ' || coalesce(worker, '?') || ' stopped renewing it (attempt ' || attempts || ')'
            WHERE state = 'running' AND lease_until < now() RETURNING id
            """
        ).count
    }

    /// Queued and running jobs of `device` and `profiler`: what a worker may still get.
    public func pendingCount(device: String, profiler: String) throws -> Int {
        let rows = try connection.query(
            "SELECT count(*) FROM jobs WHERE device = $1 AND profiler = $2 AND state IN ('queued', 'running')",
            [.text(device), .text(profiler)])
        return rows.first?[0].flatMap { Int($0) } ?? 0
    }

    /// Queues every failed job (of `device`, or all) again with its attempts reset; its last error
    /// is kept until it is tried. Returns how many.
    public func retryFailed(device: String?) throws -> Int {
        try connection.query(
            """
            UPDATE jobs SET state = 'queued', attempts = 0, finished_at = NULL
            WHERE state = 'failed' AND ($1::text IS NULL OR device = $1) RETURNING id
            """, [device.map { .text($0) } ?? .null]
        ).count
    }

    // MARK: Workers

    /// Records a worker (or a restart of one) and its first heartbeat.
    public func registerWorker(_ name: String, host: String, pid: Int32, device: String, profiler: String) throws {
        try connection.query(
            """
            INSERT INTO workers (name, host, pid, device, profiler, started_at, last_heartbeat)
            VALUES ($1, $2, $3, $4, $5, now(), now())
            ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, device = excluded.device,
                profiler = excluded.profiler, started_at = now(), last_heartbeat = now()
            """, [.text(name), .text(host), .int(Int(pid)), .text(device), .text(profiler)])
    }

    /// Marks `worker` alive now.
    public func heartbeat(_ worker: String) throws {
        try connection.query("UPDATE workers SET last_heartbeat = now() WHERE name = $1", [.text(worker)])
    }

    /// Registers a device's description in the store (results refer to it).
    public func registerDevice(_ name: String, description: [(key: String, value: String)]) throws {
        try PostgresMeasurementStore.registerDevice(name, description: description, on: connection)
    }
}
