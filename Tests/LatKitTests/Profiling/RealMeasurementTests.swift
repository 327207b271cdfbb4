import Foundation
import LatKitONNX
import LatKitONNXRuntime
import LatKitRandom
import XCTest

@testable import LatKit
@testable import LatKitCLI

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

    /// The CI's small real measurement: a table of one resolution and three whole subnets through
    /// `latkit lut build` and `latkit profile`, with only sane outcomes asserted (finite positive
    /// latencies, the right counts, std/mean < 0.5 where the machine was quiet); then each subnet's
    /// exported operators, timed alone, must sum to within 30% of the exported whole subnet.
    ///
    /// That sum is not taken from the table the command stored: its operators and the subnets are
    /// measured seconds apart, and this virtual machine's speed moves in phases of seconds, at
    /// times without any load the guest can read (a CI run summed the stored operators to
    /// 1.35-1.42 times subnets measured on a quiet machine; with a memory copy running on the
    /// other core here, stored tables read 0.67-1.37). `latkit lut check` times them interleaved
    /// instead (`InterleavedTableCheck`): each round times the subnet and then each of its
    /// operators, so both see the same moments, and the median over the rounds of (operators'
    /// sum / subnet) is judged (0.88-0.99 here in the same runs, quiet or not).
    func testASmallRealMeasurementIsSane() throws {
        _ = try ONNXRuntimeSessionTests.library()
        let folder = try TemporaryFolder()
        let db = folder.path + "/real.sqlite"
        let common = [
            "--space", "ofa-mbv3-w1.0", "--space-option", "resolutions=160", "--db", db, "--warmup", "5", "--runs", "30",
            "--profiler-option", "quiet_wait=1", "--profiler-option", "retries=1",
        ]
        var result = runCLI(["--plugin-path", TestPaths.builtProducts, "lut", "build", "--out", folder.path + "/lut.csv"] + common)
        XCTAssertEqual(result.status, 0, result.err)
        result = runCLI(["--plugin-path", TestPaths.builtProducts, "profile", "-n", "3", "--seed", "1"] + common)
        XCTAssertEqual(result.status, 0, result.err)

        let store = try SQLiteMeasurementStore(path: db)
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
            guard m.machineLoad.map({ $0 <= 0.1 }) ?? false else {
                busy += 1
                continue
            }
            XCTAssertLessThan(m.stdMs / m.meanMs, 0.5, "\(stored.item): std \(m.stdMs) mean \(m.meanMs) load \(m.machineLoad ?? -1)")
        }
        print("\(operators.count + networks.count) measurements, \(busy) taken while the other cores were busy or too short to tell")

        // `latkit lut check` samples the same three networks (same space options and seed).
        result = runCLI(
            ["--plugin-path", TestPaths.builtProducts, "lut", "check", "--space", "ofa-mbv3-w1.0", "--space-option", "resolutions=160"]
                + ["-n", "3", "--seed", "1", "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        let checked = try JSONDecoder().decode(LUTCheckCommand.Report.self, from: Data(result.out.utf8)).networks.map {
            ($0.architecture, $0.ratio)
        }
        XCTAssertEqual(Set(checked.map(\.0)), Set(networks.map(\.item)))
        let space = try ofa(["resolutions": "160"])
        let table = Dictionary(uniqueKeysWithValues: operators.map { ($0.item, $0.measurement.meanMs) })
        let stored = Dictionary(uniqueKeysWithValues: networks.map { ($0.item, $0.measurement.meanMs) })
        for (network, ratio) in checked {
            let counts = try space.operators([network])[0]
            let storedRatio = try counts.reduce(0.0) { $0 + (try XCTUnwrap(table[$1.key])) * $1.count } / XCTUnwrap(stored[network])
            print(String(format: "operators' sum / whole network: %.3f timed interleaved, %.3f from the stored means", ratio, storedRatio))
            XCTAssertEqual(ratio, 1, accuracy: 0.3, network)
        }
    }
}
