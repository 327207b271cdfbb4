import Foundation
import XCTest

@testable import LatKit

/// The queue's promises, each against a real server: enqueuing is idempotent, concurrent claims
/// never share a job, an expired lease returns the job and a presumed-dead worker's late result
/// is dropped, failures are retried a bounded number of times and keep their error.
final class JobQueueTests: PostgresTestCase {
    private let request = MeasurementRequest(
        space: "nasbench201", kind: .network, device: "dev-a", profiler: "fake", settings: MeasurementSettings(warmupRuns: 1, timedRuns: 3))
    private let measurement = Measurement(meanMs: 2, stdMs: 0.1, minMs: 1.9, medianMs: 2, machineLoad: nil, runs: 3)

    private func queue() throws -> (JobQueue, String) {
        let url = try freshDatabase()
        let queue = try JobQueue(url: try PostgresURL(url))
        try queue.registerDevice("dev-a", description: [("name", "dev-a")])
        return (queue, url)
    }

    func testEnqueuingTheSameRequestTwiceAddsNothing() throws {
        let (queue, url) = try queue()
        XCTAssertEqual(try queue.enqueue(["a", "b", "a", "c"], request: request), .init(added: 3, alreadyQueued: 0, alreadyMeasured: 0))
        XCTAssertEqual(try queue.enqueue(["a", "b", "c", "d"], request: request), .init(added: 1, alreadyQueued: 3, alreadyMeasured: 0))
        var other = request
        other.settings.timedRuns = 50
        XCTAssertEqual(
            try queue.enqueue(["a"], request: other), .init(added: 1, alreadyQueued: 0, alreadyMeasured: 0),
            "another protocol is another job")
        // An item already measured in the series needs no job.
        let store = try MeasurementStores.open(url)
        try store.record(StoredMeasurement(series: request.series, item: "e", measurement: measurement, measuredAt: "now"))
        XCTAssertEqual(
            try queue.enqueue(["e", "\"quoted\\item\""], request: request), .init(added: 1, alreadyQueued: 0, alreadyMeasured: 1))
        XCTAssertEqual(try queue.status().devices.map(\.queued), [6])
    }

    func testConcurrentClaimsNeverShareAJob() throws {
        let (queue, url) = try queue()
        _ = try queue.enqueue((0..<40).map { "arch-\($0)" }, request: request)
        // One connection per concurrent claimer: each index is used by one thread only.
        nonisolated(unsafe) let workers = try (0..<4).map { _ in try JobQueue(url: try PostgresURL(url)) }
        let claimed = Claimed()
        DispatchQueue.concurrentPerform(iterations: workers.count) { index in
            while let job = try? workers[index].claim(worker: "w\(index)", device: "dev-a", profiler: "fake", leaseSeconds: 60) {
                claimed.add(job.item)
            }
        }
        XCTAssertEqual(claimed.items.count, 40)
        XCTAssertEqual(Set(claimed.items).count, 40, "no job claimed twice")
        XCTAssertNil(
            try queue.claim(worker: "w", device: "dev-b", profiler: "fake", leaseSeconds: 60), "a worker only gets its device's jobs")
    }

    func testAnExpiredLeaseReturnsTheJobAndTheLateResultIsDropped() throws {
        let (queue, url) = try queue()
        _ = try queue.enqueue(["x"], request: request)
        let slow = try JobQueue(url: try PostgresURL(url))
        let first = try XCTUnwrap(try slow.claim(worker: "slow", device: "dev-a", profiler: "fake", leaseSeconds: 0.2))
        XCTAssertEqual(first.attempt, 1)
        XCTAssertTrue(try slow.renew(first, leaseSeconds: 0.2))
        XCTAssertNil(try queue.claim(worker: "fast", device: "dev-a", profiler: "fake", leaseSeconds: 60), "the job is held")
        Thread.sleep(forTimeInterval: 0.4)
        XCTAssertEqual(try queue.requeueExpired(), 1)
        XCTAssertFalse(try slow.renew(first, leaseSeconds: 10), "the lease is gone")
        let second = try XCTUnwrap(try queue.claim(worker: "fast", device: "dev-a", profiler: "fake", leaseSeconds: 60))
        XCTAssertEqual(second.attempt, 2)
        XCTAssertEqual(try queue.complete(second, measurement: measurement, worker: "fast"), .stored)
        XCTAssertEqual(try queue.complete(second, measurement: measurement, worker: "fast"), .stored, "a repeated completion is recognised")
        var late = measurement
        late.meanMs = 99
        XCTAssertEqual(try slow.complete(first, measurement: late, worker: "slow"), .leaseLost)
        let stored = try MeasurementStores.open(url).measurements(MeasurementFilter())
        XCTAssertEqual(stored.map(\.measurement.meanMs), [2], "one row, the live worker's")
    }

    func testFailuresAreRetriedABoundedNumberOfTimesAndKeepTheirError() throws {
        let (queue, _) = try queue()
        _ = try queue.enqueue(["x"], request: request, maxAttempts: 2)
        var job = try XCTUnwrap(try queue.claim(worker: "w", device: "dev-a", profiler: "fake", leaseSeconds: 60))
        XCTAssertEqual(try queue.fail(job, error: "engine refused the model", worker: "w"), "queued")
        job = try XCTUnwrap(try queue.claim(worker: "w", device: "dev-a", profiler: "fake", leaseSeconds: 60))
        XCTAssertEqual(try queue.fail(job, error: "engine refused the model again", worker: "w"), "failed")
        XCTAssertNil(try queue.claim(worker: "w", device: "dev-a", profiler: "fake", leaseSeconds: 60))
        var status = try queue.status()
        XCTAssertEqual(status.devices.map(\.failed), [1])
        XCTAssertEqual(status.failures.map(\.error), ["engine refused the model again"])
        XCTAssertEqual(status.failures.map(\.attempts), [2])
        XCTAssertEqual(try queue.pendingCount(device: "dev-a", profiler: "fake"), 0)

        XCTAssertEqual(try queue.retryFailed(device: "dev-b"), 0)
        XCTAssertEqual(try queue.retryFailed(device: nil), 1)
        job = try XCTUnwrap(try queue.claim(worker: "w", device: "dev-a", profiler: "fake", leaseSeconds: 60))
        XCTAssertEqual(job.attempt, 1)
        XCTAssertEqual(try queue.complete(job, measurement: measurement, worker: "w"), .stored)
        status = try queue.status()
        XCTAssertEqual(status.devices.map(\.done), [1])
        XCTAssertEqual(status.failures.count, 0)
    }

    func testAnExpiredLeaseCountsAsAnAttempt() throws {
        let (queue, _) = try queue()
        _ = try queue.enqueue(["x"], request: request, maxAttempts: 1)
        _ = try XCTUnwrap(try queue.claim(worker: "dead", device: "dev-a", profiler: "fake", leaseSeconds: 0.05))
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(try queue.requeueExpired(), 1)
        let failure = try XCTUnwrap(try queue.status().failures.first)
        XCTAssertTrue(failure.error.contains("lease expired: worker dead stopped renewing it (attempt 1)"), failure.error)
    }

    func testTheQueueBenchmarkTurnsEveryJobOverAndLeavesNothing() throws {
        let (queue, url) = try queue()
        let point = try QueueBenchmark(url: try PostgresURL(url)).run(workers: 3, jobs: 60)
        XCTAssertEqual(point.jobs, 60)
        XCTAssertGreaterThan(point.jobsPerSecond, 0)
        let left = try queue.connection.query(
            "SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM measurements), (SELECT count(*) FROM workers)")
        XCTAssertEqual(left.first ?? [], ["0", "0", "0"])
    }
}

/// Items claimed by concurrent workers, gathered under a lock.
private final class Claimed: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [String] = []
    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
}
