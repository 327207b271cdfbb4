/// The latency of one network on this machine, with the one-time cost of preparing it.
public struct LatencyMeasurement: Equatable {
    public var statistics: MeasurementStatistics
    /// Milliseconds spent creating the session (parsing, optimising the graph, packing weights).
    public var sessionCreationMs: Double
}

/// Times networks given as ONNX model bytes with one ONNX Runtime library and one protocol.
public struct LatencyTimer {
    public let library: ONNXRuntimeLibrary
    public var measurementProtocol: MeasurementProtocol

    public init(library: ONNXRuntimeLibrary, measurementProtocol: MeasurementProtocol = MeasurementProtocol()) {
        self.library = library
        self.measurementProtocol = measurementProtocol
    }

    /// Creates a session for `modelBytes` once and measures it on an input of shape
    /// [batch] + `inputShape`: one sample's shape, (C, H, W) for an image network, behind the
    /// protocol's batch size. The input holds fixed values and is reused by every run.
    public func measure(modelBytes: [UInt8], inputShape: [Int]) throws -> LatencyMeasurement {
        let start = MonotonicClock.now()
        let session = try ONNXRuntimeSession(
            library: library, modelBytes: modelBytes, intraOpThreads: measurementProtocol.intraOpThreads,
            optimizationLevel: measurementProtocol.optimizationLevel)
        let creationMs = (MonotonicClock.now() - start) * 1000
        let shape = [Int64(measurementProtocol.batchSize)] + inputShape.map(Int64.init)
        let input = try ONNXRuntimeInput(library: library, shape: shape)
        let statistics = try measurementProtocol.measure { try session.runDiscardingOutput(input) }
        return LatencyMeasurement(statistics: statistics, sessionCreationMs: creationMs)
    }
}
