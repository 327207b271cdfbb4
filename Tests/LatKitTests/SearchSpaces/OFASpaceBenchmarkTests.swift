import Foundation
import XCTest

@testable import LatKit

/// Throughput of sampling + paper128 encoding through the ABI. Not a test: skipped unless
/// LATKIT_BENCH=1 (run it in release: `LATKIT_BENCH=1 swift test -c release --filter OFASpaceBenchmark`).
final class OFASpaceBenchmarkTests: XCTestCase {
    func testSampleAndEncodeRate() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["LATKIT_BENCH"] == "1", "set LATKIT_BENCH=1 to run")
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        let count = 100_000
        _ = try space.encode(try space.sample(count: 1_000, seed: 0), encoding: "paper128")
        for round in 0..<3 {
            let start = Date()
            let archs = try space.sample(count: count, seed: UInt64(round))
            let sampled = Date()
            let features = try space.encode(archs, encoding: "paper128")
            let done = Date()
            XCTAssertEqual(features.rows, count)
            let total = done.timeIntervalSince(start)
            print(
                "OFA benchmark: \(count) archs: sample \(sampled.timeIntervalSince(start))s, encode \(done.timeIntervalSince(sampled))s, "
                    + "\(Int(Double(count) / total)) archs/s")
        }
    }
}
