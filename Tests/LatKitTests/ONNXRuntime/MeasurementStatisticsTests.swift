import LatKitONNXRuntime
import XCTest

/// The summary statistics on known numbers, and the protocol's retry path on a real clock.
final class MeasurementStatisticsTests: XCTestCase {
    func testOddCount() {
        let statistics = MeasurementStatistics(timesMs: [4, 1, 3, 2, 5], load: 0.25, attempts: 2)
        XCTAssertEqual(statistics.meanMs, 3)
        XCTAssertEqual(statistics.medianMs, 3)
        XCTAssertEqual(statistics.minMs, 1)
        XCTAssertEqual(statistics.stdMs, 2.5.squareRoot(), accuracy: 1e-12)  // sum of squares 10 over n - 1 = 4
        XCTAssertEqual(statistics.runs, 5)
        XCTAssertEqual(statistics.load, 0.25)
        XCTAssertEqual(statistics.attempts, 2)
    }

    func testEvenCountAndSingleRun() {
        let even = MeasurementStatistics(timesMs: [10, 2, 4, 8])
        XCTAssertEqual(even.medianMs, 6)
        XCTAssertEqual(even.meanMs, 6)
        XCTAssertEqual(even.stdMs, (40.0 / 3).squareRoot(), accuracy: 1e-12)
        let single = MeasurementStatistics(timesMs: [7.5])
        XCTAssertEqual(single.stdMs, 0)
        XCTAssertEqual(single.medianMs, 7.5)
        XCTAssertNil(single.load)
    }

    func testDefaults() {
        let defaults = MeasurementProtocol()
        XCTAssertEqual(
            [
                defaults.warmupRuns, defaults.timedRuns, defaults.batchSize, defaults.intraOpThreads, defaults.optimizationLevel,
                defaults.retries,
            ],
            [10, 50, 1, 1, 99, 3])
        XCTAssertEqual(defaults.maxLoad, 0.5)
    }

    /// Times a busy-wait of about 2 ms per run; a load limit below zero makes every attempt "busy",
    /// so all retries run and the least busy attempt comes back.
    func testRunsAreCountedTimedAndRetried() throws {
        func spin(_ seconds: Double) {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {}
        }
        var calls = 0
        let relaxed = MeasurementProtocol(warmupRuns: 2, timedRuns: 10, maxLoad: 1)
        let statistics = try relaxed.measure {
            calls += 1
            spin(0.002)
        }
        XCTAssertEqual(calls, 12)
        XCTAssertEqual(statistics.runs, 10)
        XCTAssertEqual(statistics.attempts, 1)
        XCTAssertGreaterThanOrEqual(statistics.minMs, 1.9)
        XCTAssertLessThan(statistics.medianMs, 50)
        if let load = statistics.load { XCTAssertTrue((0...1).contains(load)) }

        calls = 0
        let neverQuiet = MeasurementProtocol(warmupRuns: 1, timedRuns: 10, maxLoad: -1, retries: 2, quietWaitTimeout: 0)
        let retried = try neverQuiet.measure {
            calls += 1
            spin(0.003)
        }
        if retried.load == nil {
            XCTAssertEqual(calls, 11, "an unknown load is not retried")
        } else {
            XCTAssertEqual(calls, 33)
            XCTAssertEqual(retried.attempts, 3)
        }
    }
}
