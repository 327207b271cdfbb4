import XCTest

@testable import LatKit

/// `InterleavedTableCheck` on a scripted profiler whose machine changes speed from one round to
/// the next: the check must measure each network and then its operators in alternation, count
/// each operator as often as the network uses it, read the fastest run, take the median over the
/// rounds, and so give the table's own ratio whatever the drift.
final class InterleavedTableCheckTests: XCTestCase {
    /// A profiler that times nothing: an operator's fastest run is its key's length / 100 ms
    /// times the round's factor (`operatorFactors`, one per round), a network's 10 ms, both times
    /// the machine's slowdown, which doubles and halves from one round to the next (each round's
    /// network and operators share it). Mean and median are not proportional to the fastest run,
    /// so reading them instead would change the ratio.
    private final class DriftingProfiler: Profiler {
        let name = "drifting"
        let views: BatchViews = []
        static let operatorFactors = [1.0, 1.3, 0.9, 1.1]
        var calls: [(items: [String], settings: MeasurementSettings)] = []

        func describeDevice() throws -> [(key: String, value: String)] { [("name", "scripted machine")] }

        func measure(_ batch: ArchitectureBatch, settings: MeasurementSettings, progress: ProgressHandler?) throws -> [LatKit.Measurement] {
            calls.append((batch.architectures, settings))
            let round = (calls.count - 1) / 2 % Self.operatorFactors.count
            let slowdown = round % 2 == 0 ? 1.0 : 2.0
            return batch.architectures.map { item in
                let fastest = slowdown * (item.hasPrefix("ks=") ? 10 : Double(item.count) / 100 * Self.operatorFactors[round])
                return LatKit.Measurement(
                    meanMs: fastest + 1, stdMs: 0.1, minMs: fastest, medianMs: fastest + 0.5, machineLoad: nil, runs: 3)
            }
        }
    }

    func testRatioIsTheOperatorsSumOverTheNetworkInTheSameRound() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0", options: ["resolutions": "160"])
        // A network that uses an operator twice (its counts must weigh), then one that does not.
        let sample = try space.distinctSample(count: 30, seed: 3)
        let uses = try space.operators(sample)
        let twice = try XCTUnwrap(uses.firstIndex { $0.contains { $0.count > 1 } })
        let once = try XCTUnwrap(uses.firstIndex { $0.allSatisfy { $0.count == 1 } })
        let networks = [sample[twice], sample[once]]
        let profiler = DriftingProfiler()
        var done: [Int] = []
        let ratios = try InterleavedTableCheck(rounds: 4, runsPerRound: 3).ratios(
            networks, space: space, profiler: profiler,
            settings: MeasurementSettings(warmupRuns: 10, timedRuns: 50, batchSize: 2, threads: 1)
        ) { done.append($0) }
        XCTAssertEqual(done, [1, 2])

        let operators = try space.operators(networks)
        for (ratio, uses) in zip(ratios, operators) {
            // The median of the rounds' factors (1.0, 1.3, 0.9, 1.1) is 1.05; their mean, 1.075.
            let expected = uses.reduce(0.0) { $0 + Double($1.key.count) / 100 * $1.count } / 10 * 1.05
            XCTAssertEqual(ratio, expected, accuracy: 1e-12)
        }
        XCTAssertEqual(profiler.calls.count, 2 * 4 * networks.count)
        for (index, call) in profiler.calls.enumerated() {
            let network = networks[index / 8]
            XCTAssertEqual(call.items, index % 2 == 0 ? [network] : operators[index / 8].map(\.key), "call \(index)")
            XCTAssertEqual(call.settings, MeasurementSettings(warmupRuns: 1, timedRuns: 3, batchSize: 2, threads: 1))
        }
    }

    func testAFailedOperatorFailsTheCheckNamingIt() throws {
        final class Refusing: Profiler {
            let name = "refusing"
            let views: BatchViews = []
            func describeDevice() throws -> [(key: String, value: String)] { [("name", "m")] }
            func measure(_ batch: ArchitectureBatch, settings: MeasurementSettings, progress: ProgressHandler?) throws -> [LatKit
                .Measurement]
            {
                batch.architectures.map { item in
                    item.hasPrefix("Logits")
                        ? LatKit.Measurement(meanMs: 0, stdMs: 0, minMs: 0, medianMs: 0, machineLoad: nil, runs: 0, status: 5)
                        : LatKit.Measurement(meanMs: 1, stdMs: 0, minMs: 1, medianMs: 1, machineLoad: nil, runs: 3)
                }
            }
        }
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0", options: ["resolutions": "160"])
        let networks = try space.distinctSample(count: 1, seed: 0)
        XCTAssertThrowsError(
            try InterleavedTableCheck().ratios(networks, space: space, profiler: Refusing(), settings: MeasurementSettings())
        ) {
            XCTAssertTrue("\($0)".contains("could not measure Logits-input:1x1x1280-output:1000 (status 5)"), "\($0)")
        }
    }
}
