import Foundation
import LatKitONNXRuntime
import XCTest

/// Times ONNX model files by the default protocol, to compare with other runtimes by hand:
/// `LATKIT_BENCH=1 LATKIT_ORT_MODEL=a.onnx:b.onnx swift test -c release --filter ONNXRuntimeBenchmark`
/// (`LATKIT_ORT_INPUT=3,224,224`, `LATKIT_ORT_THREADS=1` and `LATKIT_ORT_BATCH=1` by default). Prints `BENCH` lines.
final class ONNXRuntimeBenchmark: XCTestCase {
    func testTimeModelFiles() throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["LATKIT_BENCH"] == "1", let models = environment["LATKIT_ORT_MODEL"] else {
            throw XCTSkip("benchmark: set LATKIT_BENCH=1 and LATKIT_ORT_MODEL=path.onnx[:path.onnx...]")
        }
        let inputShape = (environment["LATKIT_ORT_INPUT"] ?? "3,224,224").split(separator: ",").compactMap { Int($0) }
        let threads = Int(environment["LATKIT_ORT_THREADS"] ?? "") ?? 1
        let batch = Int(environment["LATKIT_ORT_BATCH"] ?? "") ?? 1
        let timer = LatencyTimer(
            library: try ONNXRuntimeSessionTests.library(),
            measurementProtocol: MeasurementProtocol(batchSize: batch, intraOpThreads: threads))
        for path in models.split(separator: ":").map(String.init) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let result = try timer.measure(modelBytes: bytes, inputShape: inputShape)
            let s = result.statistics
            print(
                String(
                    format: "BENCH %@ batch=%d threads=%d mean %.3f median %.3f std %.3f min %.3f ms load %@ attempts %d session %.1f ms",
                    (path as NSString).lastPathComponent, batch, threads, s.meanMs, s.medianMs, s.stdMs, s.minMs,
                    s.load.map { String(format: "%.2f", $0) } ?? "n/a", s.attempts, result.sessionCreationMs))
        }
    }
}
