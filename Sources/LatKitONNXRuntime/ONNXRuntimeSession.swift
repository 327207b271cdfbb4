import Foundation

/// An inference session over an ONNX model held in memory, with one input named "input" and one
/// output named "output" (the contract of the models LatencyKit exports).
public final class ONNXRuntimeSession {
    public let library: ONNXRuntimeLibrary
    /// Threads used inside one operator; 1 is the steady choice on a shared 2-core machine.
    public let intraOpThreads: Int
    /// Graph optimisation level: 0, 1, 2 or 99 (all; it enables the fast NCHWc kernels).
    public let optimizationLevel: Int
    /// The input and output names every run uses.
    public static let inputName = "input"
    public static let outputName = "output"

    private let session: OpaquePointer
    private let inputNames: UnsafeMutablePointer<UnsafePointer<CChar>?>
    private let outputNames: UnsafeMutablePointer<UnsafePointer<CChar>?>

    /// Creates the session from `modelBytes` (a serialized ModelProto).
    public init(library: ONNXRuntimeLibrary, modelBytes: [UInt8], intraOpThreads: Int = 1, optimizationLevel: Int = 99) throws {
        let api = library.api
        var options: OpaquePointer?
        try api.check(api.createSessionOptions(&options), .createSessionOptions)
        defer { api.releaseSessionOptions(options) }
        try api.check(api.setIntraOpNumThreads(options, Int32(clamping: intraOpThreads)), .setIntraOpNumThreads)
        try api.check(api.setInterOpNumThreads(options, 1), .setInterOpNumThreads)
        try api.check(api.setSessionGraphOptimizationLevel(options, Int32(clamping: optimizationLevel)), .setSessionGraphOptimizationLevel)
        var session: OpaquePointer?
        let status = modelBytes.withUnsafeBytes { bytes in
            api.createSessionFromArray(library.environment, bytes.baseAddress, bytes.count, options, &session)
        }
        try api.check(status, .createSessionFromArray)
        self.session = session!
        self.library = library
        self.intraOpThreads = intraOpThreads
        self.optimizationLevel = optimizationLevel
        inputNames = .allocate(capacity: 1)
        inputNames.initialize(to: UnsafePointer(strdup(Self.inputName)))
        outputNames = .allocate(capacity: 1)
        outputNames.initialize(to: UnsafePointer(strdup(Self.outputName)))
    }

    deinit {
        library.api.releaseSession(session)
        free(UnsafeMutablePointer(mutating: inputNames.pointee))
        free(UnsafeMutablePointer(mutating: outputNames.pointee))
        inputNames.deallocate()
        outputNames.deallocate()
    }

    /// Runs the model on `input` (its values in row-major order) and returns a copy of the output.
    public func run(input: [Float], shape: [Int64]) throws -> (values: [Float], shape: [Int64]) {
        let tensor = try ONNXRuntimeInput(library: library, values: input, shape: shape)
        let output = try runReturningOutput(tensor)
        defer { library.api.releaseValue(output) }
        let (count, outputShape) = try describe(output)
        let api = library.api
        var data: UnsafeMutableRawPointer?
        try api.check(api.getTensorMutableData(output, &data), .getTensorMutableData)
        guard let data else { return ([], outputShape) }
        let values = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count))
        return (values, outputShape)
    }

    /// One run as timed: the prepared input in, the output released uncopied.
    @inline(__always)
    public func runDiscardingOutput(_ input: ONNXRuntimeInput) throws {
        library.api.releaseValue(try runReturningOutput(input))
    }

    /// Runs on `input`; the caller releases the returned `OrtValue*`.
    private func runReturningOutput(_ input: ONNXRuntimeInput) throws -> OpaquePointer {
        var inputValue: OpaquePointer? = input.value
        var output: OpaquePointer?
        try library.api.check(
            library.api.run(session, nil, inputNames, &inputValue, 1, outputNames, 1, &output), .run)
        guard let output else { throw ONNXRuntimeError.invalidTensor("Run returned no output") }
        return output
    }

    /// The element count and shape of a float32 output tensor.
    private func describe(_ value: OpaquePointer) throws -> (count: Int, shape: [Int64]) {
        let api = library.api
        var info: OpaquePointer?
        try api.check(api.getTensorTypeAndShape(value, &info), .getTensorTypeAndShape)
        defer { api.releaseTensorTypeAndShapeInfo(info) }
        var elementType: Int32 = 0
        try api.check(api.getTensorElementType(info, &elementType), .getTensorElementType)
        guard elementType == ONNXRuntimeAPI.floatElementType else {
            throw ONNXRuntimeError.invalidTensor("output '\(Self.outputName)' has element type \(elementType), not float (1)")
        }
        var rank = 0
        try api.check(api.getDimensionsCount(info, &rank), .getDimensionsCount)
        var shape = [Int64](repeating: 0, count: rank)
        try api.check(api.getDimensions(info, &shape, rank), .getDimensions)
        var count = 0
        try api.check(api.getTensorShapeElementCount(info, &count), .getTensorShapeElementCount)
        guard count == shape.reduce(1, { $0 * Int($1) }) else {
            throw ONNXRuntimeError.invalidTensor("output element count \(count) disagrees with its shape \(shape)")
        }
        return (count, shape)
    }
}
