extension MeasurementStore {
    /// The stored whole-network results matching `filter` in the long CSV layout the rest of the
    /// tool reads (`architecture,device,batch_size,latency_ms,...`; `latency_ms` is the mean), so
    /// that `train`, `bench` and `search` read a store exactly as they read an exported file.
    public func longTableText(_ filter: MeasurementFilter) throws -> String {
        var filter = filter
        filter.kind = .network
        var lines = [
            "architecture,device,batch_size,latency_ms,std_ms,min_ms,median_ms,runs,machine_load,profiler,protocol,space,measured_at"
        ]
        for result in try measurements(filter) {
            let m = result.measurement
            let s = result.series
            let fields: [String] = [
                result.item, s.device, String(s.batchSize), "\(m.meanMs)", "\(m.stdMs)", "\(m.minMs)", "\(m.medianMs)", String(m.runs),
                m.machineLoad.map { "\($0)" } ?? "", s.profiler, s.measurementProtocol, s.space, result.measuredAt,
            ]
            lines.append(fields.map(quotedCSV).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
