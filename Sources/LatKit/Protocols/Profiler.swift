/// A profiler: measures the real latency of networks on one device (this machine through an
/// inference engine, or another device through a worker program).
///
/// It is handed batches whose views it declared: usually runnable models exported by the search
/// space (`.models`), for whole networks or for single operators alike.
public protocol Profiler: AnyObject {
    /// The plugin's name, e.g. "onnxruntime-cpu".
    var name: String { get }
    /// The views its batches must carry.
    var views: BatchViews { get }
    /// The measured device as ordered key/value pairs (`name`, `cores`, `memory_gb`, ...).
    func describeDevice() throws -> [(key: String, value: String)]
    /// Measures every row of `batch`. A row that fails is a `Measurement` with a non-zero status;
    /// the call throws only when nothing could be measured.
    func measure(_ batch: ArchitectureBatch, settings: MeasurementSettings, progress: ProgressHandler?) throws -> [Measurement]
}

/// How to measure; nil leaves a setting to the profiler's default.
public struct MeasurementSettings: Sendable, Equatable, Codable {
    /// Untimed runs before timing.
    public var warmupRuns: Int?
    /// Timed runs.
    public var timedRuns: Int?
    /// Images per inference.
    public var batchSize: Int?
    /// Threads the engine may use.
    public var threads: Int?

    /// Creates settings; every field defaults to the profiler's own default.
    public init(warmupRuns: Int? = nil, timedRuns: Int? = nil, batchSize: Int? = nil, threads: Int? = nil) {
        self.warmupRuns = warmupRuns
        self.timedRuns = timedRuns
        self.batchSize = batchSize
        self.threads = threads
    }
}

/// One network's measured latency.
public struct Measurement: Sendable, Equatable {
    /// Mean over the timed runs, in ms.
    public var meanMs: Double
    /// Standard deviation over the timed runs, in ms.
    public var stdMs: Double
    /// Fastest run, in ms.
    public var minMs: Double
    /// Median run, in ms.
    public var medianMs: Double
    /// How busy the machine's other cores were during the measurement (0...1), when known.
    public var machineLoad: Double?
    /// Number of timed runs.
    public var runs: Int
    /// 0 on success, else the ABI status of this row's failure.
    public var status: Int32

    /// Creates a measurement record.
    public init(meanMs: Double, stdMs: Double, minMs: Double, medianMs: Double, machineLoad: Double?, runs: Int, status: Int32 = 0) {
        self.meanMs = meanMs
        self.stdMs = stdMs
        self.minMs = minMs
        self.medianMs = medianMs
        self.machineLoad = machineLoad
        self.runs = runs
        self.status = status
    }

    /// Whether the row was measured and every figure is finite and positive.
    public var isValid: Bool {
        status == 0 && runs > 0 && [meanMs, minMs, medianMs].allSatisfy { $0.isFinite && $0 > 0 } && stdMs.isFinite && stdMs >= 0
    }
}
