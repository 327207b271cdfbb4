import Foundation

/// Where a device farm stands: jobs by device and state, the workers seen, throughput and ETA.
public struct FarmStatus: Sendable, Codable, Equatable {
    /// The jobs of one device and profiler.
    public struct DeviceJobs: Sendable, Codable, Equatable {
        public var device: String
        public var profiler: String
        public var queued: Int
        public var running: Int
        public var done: Int
        public var failed: Int
        /// Jobs finished per second over the last five minutes (nil when none finished).
        public var jobsPerSecond: Double?
        /// Seconds until the queued and running jobs are done at that rate.
        public var etaSeconds: Double?
    }

    /// One worker, as it last reported.
    public struct Worker: Sendable, Codable, Equatable {
        public var name: String
        public var host: String
        public var pid: Int
        public var device: String
        public var profiler: String
        /// Seconds since its last heartbeat.
        public var secondsSinceHeartbeat: Double
        public var jobsDone: Int
        public var jobsFailed: Int
    }

    /// A job that failed for good, with its last error.
    public struct Failure: Sendable, Codable, Equatable {
        public var id: Int
        public var device: String
        public var item: String
        public var attempts: Int
        public var error: String
    }

    public var devices: [DeviceJobs]
    public var workers: [Worker]
    /// The most recent failures (at most 10).
    public var failures: [Failure]
}

extension JobQueue {
    /// The farm's status now.
    public func status() throws -> FarmStatus {
        let window = 300.0
        let deviceRows = try connection.query(
            """
            SELECT device, profiler,
                count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running'),
                count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
                count(*) FILTER (WHERE state = 'done' AND finished_at > now() - make_interval(secs => $1)),
                extract(epoch FROM now() - min(started_at) FILTER (WHERE state = 'done' AND finished_at > now() - make_interval(secs => $1))),
                extract(epoch FROM now() - max(finished_at) FILTER (WHERE state = 'done'))
            FROM jobs GROUP BY device, profiler ORDER BY device, profiler
            """, [.real(window)])
        let devices = deviceRows.map { row -> FarmStatus.DeviceJobs in
            func int(_ column: Int) -> Int { row[column].flatMap { Int($0) } ?? 0 }
            let recent = int(6)
            let pending = int(2) + int(3)
            // Jobs finished in the window over the time from the first one's start to now (or, once
            // nothing is pending, to the last finish): the farm's pace, not diluted by idle time.
            let sinceFirstStart = row[7].flatMap { Double($0) }
            let sinceLastFinish = pending > 0 ? 0 : row[8].flatMap { Double($0) } ?? 0
            let rate = recent > 0 ? sinceFirstStart.map { Double(recent) / max($0 - sinceLastFinish, 0.001) } : nil
            return FarmStatus.DeviceJobs(
                device: row[0] ?? "", profiler: row[1] ?? "", queued: int(2), running: int(3), done: int(4), failed: int(5),
                jobsPerSecond: rate, etaSeconds: rate.map { Double(pending) / $0 })
        }
        let workers = try connection.query(
            """
            SELECT name, host, pid, device, profiler, extract(epoch FROM now() - last_heartbeat), jobs_done, jobs_failed
            FROM workers ORDER BY device, name
            """
        ).map { row in
            FarmStatus.Worker(
                name: row[0] ?? "", host: row[1] ?? "", pid: row[2].flatMap { Int($0) } ?? 0, device: row[3] ?? "",
                profiler: row[4] ?? "", secondsSinceHeartbeat: row[5].flatMap { Double($0) } ?? 0,
                jobsDone: row[6].flatMap { Int($0) } ?? 0, jobsFailed: row[7].flatMap { Int($0) } ?? 0)
        }
        let failures = try connection.query(
            "SELECT id, device, item, attempts, coalesce(error, '') FROM jobs WHERE state = 'failed' ORDER BY finished_at DESC, id LIMIT 10"
        ).map { row in
            FarmStatus.Failure(
                id: row[0].flatMap { Int($0) } ?? 0, device: row[1] ?? "", item: row[2] ?? "", attempts: row[3].flatMap { Int($0) } ?? 0,
                error: row[4] ?? "")
        }
        return FarmStatus(devices: devices, workers: workers, failures: failures)
    }
}
