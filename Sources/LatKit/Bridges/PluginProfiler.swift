import LatKitPluginABI

/// A profiler plugin behind the typed `Profiler` protocol.
final class PluginProfiler: Profiler {
    private let instance: PluginInstance
    private let api: latkit_profiler_api

    var name: String { instance.plugin.name }
    var views: BatchViews { BatchViews(rawValue: api.views) }

    /// The views `plugin` (a profiler) declares in its table.
    static func views(of plugin: PluginInfo) -> BatchViews {
        BatchViews(rawValue: plugin.table(as: latkit_profiler_api.self).views)
    }

    init(plugin: PluginInfo, options: [String: String]) throws {
        instance = try PluginInstance(plugin: plugin, options: options)
        api = plugin.table(as: latkit_profiler_api.self)
    }

    func describeDevice() throws -> [(key: String, value: String)] {
        let collector = TextCollector(count: 1)
        let describe = api.describe_device!
        try instance.call("describe_device") { handle, error in withSink(collector) { describe(handle, $0, error) } }
        return try collector.result(plugin: name, function: "describe_device")[0].split(whereSeparator: \.isNewline).compactMap { line in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    func measure(_ batch: ArchitectureBatch, settings: MeasurementSettings, progress: ProgressHandler?) throws -> [Measurement] {
        // A view that does not apply to the batch's items (the cost of a single operator) is left
        // out, and so are models a search space cannot export (the batch's `views` says so); the
        // architectures (or operator keys) a profiler asked for never are.
        let prepared = try CBatch(batch, views: views.subtracting(BatchViews([.cost, .models]).subtracting(batch.views)))
        var options = latkit_measure_options(
            struct_size: UInt32(MemoryLayout<latkit_measure_options>.size), warmup_runs: UInt32(clamping: settings.warmupRuns ?? 0),
            timed_runs: UInt32(clamping: settings.timedRuns ?? 0), batch_size: UInt32(clamping: settings.batchSize ?? 0),
            threads: UInt32(clamping: settings.threads ?? 0), reserved: 0)
        var records = [latkit_measurement](repeating: latkit_measurement(), count: max(batch.count, 1))
        let measure = api.measure!
        try prepared.withPointer { pointer in
            try records.withUnsafeMutableBufferPointer { buffer in
                try withProgress(progress) { progressPointer in
                    try instance.call("measure") {
                        measure(
                            $0, pointer, &options, buffer.baseAddress, UInt32(MemoryLayout<latkit_measurement>.stride), progressPointer, $1)
                    }
                }
            }
        }
        return records.prefix(batch.count).map { record in
            Measurement(
                meanMs: record.mean_ms, stdMs: record.std_ms, minMs: record.min_ms, medianMs: record.median_ms,
                machineLoad: record.machine_load >= 0 ? record.machine_load : nil, runs: Int(record.runs), status: record.status)
        }
    }
}
