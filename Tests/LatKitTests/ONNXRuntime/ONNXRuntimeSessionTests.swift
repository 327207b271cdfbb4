import LatKitONNXRuntime
import XCTest

/// Real runs through ONNX Runtime's C API, skipped (with a message) when the library is missing.
final class ONNXRuntimeSessionTests: XCTestCase {
    static let weights: [[Float]] = [[1, -2, 0.5], [0.25, 1, -1]]
    static let biases: [Float] = [0.1, -0.2]
    static let model = TinyONNXModel.conv1x1Relu(weights: weights, biases: biases, height: 2, width: 2)

    /// The library `make ort` fetched (or any the locator finds), loaded once for every test.
    nonisolated(unsafe) private static let loaded = Result { try ONNXRuntimeLibrary.load() }

    /// The loaded library, or a skip (the reason printed once) when it is missing.
    static func library() throws -> ONNXRuntimeLibrary {
        if case .failure(let error as ONNXRuntimeError) = loaded, case .libraryNotFound = error {
            if !reportedMissing { print("skipping ONNX Runtime tests: \(error)") }
            reportedMissing = true
            throw XCTSkip("ONNX Runtime library missing: run `make ort`")
        }
        return try loaded.get()
    }
    nonisolated(unsafe) private static var reportedMissing = false  // XCTest runs tests one at a time

    func testLoadsAndReportsVersion() throws {
        let library = try Self.library()
        XCTAssertTrue(library.path.hasPrefix("/"), library.path)
        XCTAssertTrue(library.version.hasPrefix("1."), library.version)
        print("ONNX Runtime \(library.version) at \(library.path)")
    }

    func testUnservedAPIVersionNamesFileAndVersion() throws {
        let library = try Self.library()
        XCTAssertThrowsError(try ONNXRuntimeLibrary(path: library.path, apiVersion: 9999)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(library.path) && text.contains(library.version) && text.contains("9999"), text)
        }
    }

    func testLibraryWithoutEntryPoint() throws {
        XCTAssertThrowsError(try ONNXRuntimeLibrary(path: "libm.so.6")) { error in
            XCTAssertTrue("\(error)".contains("does not export OrtGetApiBase"), "\(error)")
        }
    }

    /// Exercises every API slot used: session, input tensor, Run, and the output's type, rank,
    /// dimensions and element count (a wrong slot would crash or disagree here).
    func testConvReluOutputValuesAndShape() throws {
        let session = try ONNXRuntimeSession(library: try Self.library(), modelBytes: Self.model)
        let input = (0..<24).map { Float($0) / 10 - 1 }
        let (values, shape) = try session.run(input: input, shape: [2, 3, 2, 2])
        XCTAssertEqual(shape, [2, 2, 2, 2])
        let expected = TinyONNXModel.expected(input: input, batch: 2, weights: Self.weights, biases: Self.biases, pixels: 4)
        XCTAssertEqual(values.count, expected.count)
        for (value, want) in zip(values, expected) { XCTAssertEqual(value, want, accuracy: 1e-5) }
        XCTAssertGreaterThan(values.filter { $0 > 0 }.count, 0)
    }

    func testErrorsAreOneLine() throws {
        let library = try Self.library()
        XCTAssertThrowsError(try ONNXRuntimeSession(library: library, modelBytes: [1, 2, 3])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("ORT error in CreateSessionFromArray: "), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        let session = try ONNXRuntimeSession(library: library, modelBytes: Self.model)
        XCTAssertThrowsError(try session.run(input: [1, 2], shape: [1, 3, 2, 2])) { error in
            XCTAssertTrue("\(error)".contains("2 values for shape"), "\(error)")
        }
        XCTAssertThrowsError(try session.run(input: [Float](repeating: 0, count: 8), shape: [1, 2, 2, 2])) { error in
            XCTAssertTrue("\(error)".hasPrefix("ORT error in Run: "), "\(error)")
        }
    }

    /// A few timed runs give sane numbers; the values themselves are not asserted.
    func testTimerGivesSaneStatistics() throws {
        let protocolUnderTest = MeasurementProtocol(warmupRuns: 3, timedRuns: 20, batchSize: 2, maxLoad: 1)
        let timer = LatencyTimer(library: try Self.library(), measurementProtocol: protocolUnderTest)
        let measurement = try timer.measure(modelBytes: Self.model, inputShape: [3, 2, 2])
        let statistics = measurement.statistics
        XCTAssertEqual(statistics.runs, 20)
        for value in [statistics.meanMs, statistics.minMs, statistics.medianMs, measurement.sessionCreationMs] {
            XCTAssertTrue(value.isFinite && value > 0, "\(statistics)")
        }
        XCTAssertLessThanOrEqual(statistics.minMs, statistics.medianMs)
        XCTAssertTrue(statistics.stdMs.isFinite && statistics.stdMs >= 0)
        XCTAssertLessThan(statistics.medianMs, 50, "a 24-value Conv+Relu should take microseconds")
        print(
            String(
                format: "tiny Conv+Relu: mean %.4f ms, median %.4f ms, std %.4f ms, session %.1f ms", statistics.meanMs,
                statistics.medianMs, statistics.stdMs, measurement.sessionCreationMs))
    }
}
