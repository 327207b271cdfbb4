import Foundation
import LatKitONNX
import LatKitONNXRuntime
import LatKitRandom
import XCTest

@testable import LatKit

/// Real measurement on this machine: the OFA space's exported ONNX models run in ONNX Runtime and
/// compute what a plain Swift reference computes, and a small real measurement (a one-resolution
/// lookup table and three whole subnets) gives sane figures. Skipped, with a message, when the
/// ONNX Runtime library is missing (`make ort`). Timings are never asserted tightly: the machine
/// is shared; the figures are printed.
final class RealMeasurementTests: XCTestCase {
    private func ofa(_ options: [String: String] = [:]) throws -> SearchSpace {
        try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0", options: options)
    }

    /// One exported block (squeeze-excite, h-swish, stride 2), one with an identity skip, and the
    /// classifier head, through ONNX Runtime and through `ReferenceEvaluator` on the same input.
    func testExportedBlocksMatchTheSwiftReference() throws {
        let library = try ONNXRuntimeSessionTests.library()
        let space = try ofa()
        let keys = try space.listOperators(scope: ["resolution": "128"])
        let chosen = [
            keys.first { $0.contains("stride:2") && $0.contains("se:1-hs:1") }!,
            keys.first { $0.contains("idskip:1") && $0.contains("se:1") && $0.contains("kernel:5") }!,
            keys.first { $0.hasPrefix("Logits") }!,
        ]
        let models = try space.exportOperators(chosen, format: "onnx")
        var random = SeededGenerator(seed: 11)
        for (key, exported) in zip(chosen, models.models) {
            let shape = [2, exported.inputShape.channels, exported.inputShape.height, exported.inputShape.width]
            let input = (0..<shape.reduce(1, *)).map { _ in Float(random.double() * 2 - 1) }
            let session = try ONNXRuntimeSession(library: library, modelBytes: exported.bytes)
            let ort = try session.run(input: input, shape: shape.map(Int64.init))
            let reference = try ReferenceEvaluator(try ONNXModel(serialized: exported.bytes)).evaluate(.init(shape: shape, values: input))
            XCTAssertEqual(ort.shape.map(Int.init), reference.shape, key)
            let worst = zip(ort.values, reference.values).map { abs($0 - $1) }.max() ?? .infinity
            let scale = reference.values.map { abs($0) }.max() ?? 0
            print("\(key): max |ORT - reference| = \(worst) (output scale \(scale))")
            XCTAssertLessThanOrEqual(worst, 1e-4, key)
            XCTAssertGreaterThan(scale, 1e-3, "\(key): a near-zero output would make the comparison empty")
        }
    }

    /// The CI's small real measurement: a table of one resolution and three whole subnets, with
    /// only sane outcomes asserted (finite positive latencies, std/mean < 0.5, the table's sum
    /// within 30% of the whole network).
    ///
    /// The sum is compared at each measurement's fastest of its 30 timed runs, and only where the
    /// other core stayed quiet (at most 10% busy) through both the table's build and the networks'
    /// profile, as read from /proc/stat around each whole command. The two are taken seconds
    /// apart, so what another process does meanwhile skews one against the other: with a memory
    /// copy running on the other core here, the ratio swung from 0.65 to 1.23 across runs, and a
    /// CI run whose networks were quiet but whose operators (too short for /proc/stat's 10 ms
    /// ticks to tell one by one) were not read 1.35-1.42. A busy attempt is measured again after
    /// waiting for a quiet window, three attempts at most; when none was quiet, the ratios are
    /// printed and not judged.
    func testASmallRealMeasurementIsSane() throws {
        _ = try ONNXRuntimeSessionTests.library()
        for attempt in 1...3 {
            if attempt > 1 { QuietWindow.wait(maxLoad: 0.1, threads: 1, timeout: 10) }
            let folder = try TemporaryFolder()
            guard let loads = try measureAndCheck(in: folder.path) else { return }
            print(
                String(
                    format: "attempt %d: the other core was %.0f%% busy building the table, %.0f%% profiling the networks", attempt,
                    loads.table * 100, loads.networks * 100))
            if max(loads.table, loads.networks) <= 0.1 {
                try checkTableSum(in: folder.path, judged: true)
                return
            }
            try checkTableSum(in: folder.path, judged: false)
        }
        print("the table's sum was not judged: the other core was busy in every attempt")
    }

    private var commonOptions: [String] {
        [
            "--space", "ofa-mbv3-w1.0", "--space-option", "resolutions=160", "--warmup", "5", "--runs", "30",
            "--profiler-option", "quiet_wait=1", "--profiler-option", "retries=1",
        ]
    }

    /// Builds the table and profiles three networks into `folder`, asserts each stored measurement
    /// is sane, and returns the other core's busy fraction over each of the two commands (nil
    /// after a command failed, or where /proc/stat cannot be read).
    private func measureAndCheck(in folder: String) throws -> (table: Double, networks: Double)? {
        let db = ["--db", folder + "/real.sqlite"]
        func timedLoad(_ arguments: [String]) -> Double? {
            let before = CPULoad.Sample.now()
            let result = runCLI(["--plugin-path", TestPaths.builtProducts] + arguments + commonOptions + db)
            let after = CPULoad.Sample.now()
            XCTAssertEqual(result.status, 0, result.err)
            guard result.status == 0, let before, let after else { return nil }
            return CPULoad.otherCoresLoad(from: before, to: after, threads: 1)
        }
        let tableLoad = timedLoad(["lut", "build", "--out", folder + "/lut.csv"])
        let networksLoad = timedLoad(["profile", "-n", "3", "--seed", "1"])

        let store = try SQLiteMeasurementStore(path: folder + "/real.sqlite")
        let operators = try store.measurements(MeasurementFilter(kind: .operator))
        let networks = try store.measurements(MeasurementFilter(kind: .network))
        XCTAssertEqual(networks.count, 3)
        XCTAssertGreaterThan(operators.count, 80)
        // The spread is judged where the protocol saw a quiet machine (other cores at most 10%
        // busy). A measurement it could only take on a busy machine carries that load, and one
        // too short for /proc/stat's 10 ms ticks to tell carries none; both are counted here
        // rather than judged (on a shared 2-core machine another process's bursts are what make
        // a 0.1 ms operator's runs spread).
        var busy = 0
        for stored in operators + networks {
            let m = stored.measurement
            XCTAssertTrue(m.isValid, stored.item)
            guard Self.quiet(m) else {
                busy += 1
                continue
            }
            XCTAssertLessThan(m.stdMs / m.meanMs, 0.5, "\(stored.item): std \(m.stdMs) mean \(m.meanMs) load \(m.machineLoad ?? -1)")
        }
        print("\(operators.count + networks.count) measurements, \(busy) taken while the other cores were busy or too short to tell")
        guard let tableLoad, let networksLoad else { return nil }
        return (tableLoad, networksLoad)
    }

    private static func quiet(_ m: LatKit.Measurement) -> Bool { m.machineLoad.map { $0 <= 0.1 } ?? false }

    /// Prints each network's table sum beside its own latency, and asserts the two agree within
    /// 30% at their fastest runs when `judged` (and the network's own measurement was quiet).
    private func checkTableSum(in folder: String, judged: Bool) throws {
        let store = try SQLiteMeasurementStore(path: folder + "/real.sqlite")
        let operators = try store.measurements(MeasurementFilter(kind: .operator))
        let networks = try store.measurements(MeasurementFilter(kind: .network))
        let means = Dictionary(uniqueKeysWithValues: operators.map { ($0.item, $0.measurement.meanMs) })
        let fastest = Dictionary(uniqueKeysWithValues: operators.map { ($0.item, $0.measurement.minMs) })
        let space = try ofa(["resolutions": "160"])
        for network in networks {
            let counts = try space.operators([network.item])[0]
            let sum = counts.reduce(0.0) { $0 + means[$1.key]! * $1.count }
            let fastestSum = counts.reduce(0.0) { $0 + fastest[$1.key]! * $1.count }
            let ratio = fastestSum / network.measurement.minMs
            print(
                String(
                    format: "table sum %.3f ms, whole network %.3f ms (means: ratio %.3f); fastest runs %.3f and %.3f ms, ratio %.3f", sum,
                    network.measurement.meanMs, sum / network.measurement.meanMs, fastestSum, network.measurement.minMs, ratio))
            guard judged, Self.quiet(network.measurement) else { continue }
            XCTAssertEqual(ratio, 1, accuracy: 0.3, network.item)
        }
    }
}
