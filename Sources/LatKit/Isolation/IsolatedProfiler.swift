/// A profiler plugin that runs in a child `latkit plugin-worker` process: the batch (runnable
/// models included) goes down as raw bytes and the measurements come back as arrays, so a
/// profiler, or an inference engine under it, that crashes, exits or hangs costs the call, not
/// the host.
///
/// A profiler keeps no state between calls but its options, so after its worker died the next
/// call starts a fresh one: a network that crashes the engine costs its own measurement, and the
/// session goes on with the next.
public final class IsolatedProfiler: Profiler {
    /// The plugin's name.
    public let name: String
    /// The views its batches must carry (read from its table in the host).
    public let views: BatchViews

    private let start: () throws -> WorkerConnection
    private var current: WorkerConnection?

    /// Starts `executable plugin-worker` for `plugin`; the profiler's `create` runs there.
    public init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double? = nil) throws {
        name = plugin.name
        views = PluginProfiler.views(of: plugin)
        start = { try WorkerConnection(plugin: plugin, options: options, executable: executable, timeout: timeout) }
        current = try start()
    }

    /// The running worker, started again when the last one died.
    private var worker: WorkerConnection {
        get throws {
            if let current { return current }
            let started = try start()
            current = started
            return started
        }
    }

    /// One exchange; a worker that died in it is dropped, so the next call starts another.
    private func exchange(_ body: [UInt8], function: String, progress: ProgressHandler? = nil) throws -> (BinaryReader, WorkerConnection) {
        let worker = try self.worker
        do {
            return (try worker.exchange(body, function: function, progress: progress), worker)
        } catch let ended as IsolatedPluginError {
            current = nil
            throw ended
        }
    }

    public func describeDevice() throws -> [(key: String, value: String)] {
        var (reply, worker) = try exchange([WorkerWire.Request.describeDevice.rawValue], function: "describe_device")
        guard let keys = reply.strings(), let values = reply.strings(), keys.count == values.count else {
            throw worker.malformed("describe_device")
        }
        return Array(zip(keys, values))
    }

    public func measure(_ batch: ArchitectureBatch, settings: MeasurementSettings, progress: ProgressHandler?) throws -> [Measurement] {
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.measure.rawValue)
        try WorkerWire.write(batch, to: &body)
        body.array([settings.warmupRuns, settings.timedRuns, settings.batchSize, settings.threads].map { Int64($0 ?? -1) })
        var (reply, worker) = try exchange(body.bytes, function: "measure", progress: progress)
        guard let figures = reply.array(Double.self), let runs = reply.array(Int64.self), let statuses = reply.array(Int32.self),
            figures.count == 5 * batch.count, runs.count == batch.count, statuses.count == batch.count
        else { throw worker.malformed("measure") }
        return (0..<batch.count).map { row in
            let f = figures[(5 * row)..<(5 * row + 5)].map { $0 }
            return Measurement(
                meanMs: f[0], stdMs: f[1], minMs: f[2], medianMs: f[3], machineLoad: f[4] >= 0 ? f[4] : nil, runs: Int(runs[row]),
                status: statuses[row])
        }
    }
}
