import LatKitPluginABI

/// How the host asks a profiler to measure; nil leaves a setting to the profiler's default.
public struct MeasureOptions: Sendable {
    /// Untimed runs before timing.
    public var warmupRuns: Int?
    /// Timed runs.
    public var timedRuns: Int?
    /// Images per inference.
    public var batchSize: Int?
    /// Threads the engine may use.
    public var threads: Int?

    /// Creates options (every field defaults to the profiler's own default).
    public init(warmupRuns: Int? = nil, timedRuns: Int? = nil, batchSize: Int? = nil, threads: Int? = nil) {
        self.warmupRuns = warmupRuns
        self.timedRuns = timedRuns
        self.batchSize = batchSize
        self.threads = threads
    }

    init(_ raw: UnsafePointer<latkit_measure_options>?) {
        guard let raw else { return }
        func value(_ field: UInt32) -> Int? { field == 0 ? nil : Int(field) }
        warmupRuns = value(raw.pointee.warmup_runs)
        timedRuns = value(raw.pointee.timed_runs)
        batchSize = value(raw.pointee.batch_size)
        threads = value(raw.pointee.threads)
    }
}

/// One measured network (or operator), as a profiler reports it.
public struct MeasuredLatency: Sendable {
    /// Mean, standard deviation, minimum and median over the timed runs, in ms.
    public var meanMs: Double
    /// Standard deviation, ms.
    public var stdMs: Double
    /// Fastest run, ms.
    public var minMs: Double
    /// Median run, ms.
    public var medianMs: Double
    /// Busy fraction of the machine's other cores during the measurement (0...1), nil if unknown.
    public var machineLoad: Double?
    /// Number of timed runs.
    public var runs: Int

    /// Creates a record.
    public init(meanMs: Double, stdMs: Double, minMs: Double, medianMs: Double, machineLoad: Double?, runs: Int) {
        self.meanMs = meanMs
        self.stdMs = stdMs
        self.minMs = minMs
        self.medianMs = medianMs
        self.machineLoad = machineLoad
        self.runs = runs
    }
}

/// A profiler: measures real latency on one device.
///
/// Implement this and register it with `PluginRegistration.profiler(_:)`. `measure` receives the
/// batch views named by `views` (usually `LATKIT_VIEW_MODELS`: runnable models the search space
/// exported) and returns one result per row: a measurement, or the error of that row alone.
public protocol ProfilerPlugin: PluginIdentity {
    /// `LATKIT_VIEW_*` bits the profiler needs in its batches.
    static var views: UInt32 { get }
    /// The measured device as key/value pairs (`name`, `cores`, `memory_gb`, `kind`, ...).
    func describeDevice() throws -> [(key: String, value: String)]
    /// Measures every row of `batch`; throw only when nothing at all can be measured.
    ///
    /// Corresponds to `latkit_profiler_api.measure`.
    func measure(_ batch: BatchView, options: MeasureOptions, progress: ProgressReporter) throws -> [Result<MeasuredLatency, PluginError>]
}

/// The profiler instance behind a handle made by `createThunk`.
private func plugin(_ handle: OpaquePointer?) -> ProfilerPlugin {
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue() as! ProfilerPlugin
}

enum ProfilerThunks {
    static func table<P: ProfilerPlugin>(for type: P.Type) -> latkit_profiler_api {
        var table = latkit_profiler_api()
        table.header = header(MemoryLayout<latkit_profiler_api>.size)
        table.create = createThunk
        table.destroy = destroyThunk
        table.views = type.views
        table.describe_device = { handle, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                try sink.put(plugin(handle).describeDevice().map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
            }
        }
        table.measure = { handle, batch, options, records, recordSize, progress, error in
            guarded(error) {
                let view = try BatchView(batch)
                guard view.count == 0 || records != nil else { throw PluginError.invalid("no record array given") }
                guard Int(recordSize) >= MemoryLayout<latkit_measurement>.size else {
                    throw PluginError.incompatible(
                        "records are \(recordSize) bytes, this plugin writes \(MemoryLayout<latkit_measurement>.size)")
                }
                let results = try plugin(handle).measure(view, options: MeasureOptions(options), progress: ProgressReporter(progress))
                guard results.count == view.count else { throw PluginError.invalid("measured \(results.count) of \(view.count) rows") }
                let base = UnsafeMutableRawPointer(records!)
                for (row, result) in results.enumerated() {
                    var record = latkit_measurement()
                    switch result {
                    case .success(let measured):
                        record.mean_ms = measured.meanMs
                        record.std_ms = measured.stdMs
                        record.min_ms = measured.minMs
                        record.median_ms = measured.medianMs
                        record.machine_load = measured.machineLoad ?? -1
                        record.runs = UInt32(clamping: measured.runs)
                        record.status = latkit_status(LATKIT_OK)
                    case .failure(let failure):
                        record.machine_load = -1
                        record.status = failure.status == LATKIT_OK ? latkit_status(LATKIT_ERR_INTERNAL) : failure.status
                    }
                    (base + row * Int(recordSize)).storeBytes(of: record, as: latkit_measurement.self)
                }
            }
        }
        return table
    }
}
