extension PluginWorker {
    /// The results of a profiler's request (the child side of `IsolatedProfiler`).
    static func answerProfiler(_ profiler: PluginProfiler, _ request: WorkerWire.DecodedRequest, channel: WorkerChannel) throws
        -> BinaryWriter
    {
        guard case .otherKind(let code, var arguments) = request else { throw WorkerWire.Malformed(description: "not a profiler request") }
        var results = BinaryWriter()
        switch code {
        case .describeDevice:
            let pairs = try profiler.describeDevice()
            results.strings(pairs.map(\.key))
            results.strings(pairs.map(\.value))
        case .measure:
            let batch = try WorkerWire.readBatch(&arguments)
            guard let settings = arguments.array(Int64.self), settings.count == 4 else {
                throw WorkerWire.Malformed(description: "a measure request is truncated or malformed")
            }
            let optional = settings.map { $0 < 0 ? nil : Int(clamping: $0) }
            let measurements = try profiler.measure(
                batch,
                settings: MeasurementSettings(
                    warmupRuns: optional[0], timedRuns: optional[1], batchSize: optional[2], threads: optional[3]),
                progress: channel.progress)
            results.array(measurements.flatMap { [$0.meanMs, $0.stdMs, $0.minMs, $0.medianMs, $0.machineLoad ?? -1] })
            results.array(measurements.map { Int64($0.runs) })
            results.array(measurements.map(\.status))
        default:
            throw WorkerWire.Malformed(description: "\(code.function) is not a profiler request")
        }
        return results
    }
}
