/// What a farm measures: one series (space, kind of item, device, profiler, protocol). Jobs are a
/// request plus one item; a job's identity is the request and the item, so enqueuing the same
/// request twice adds nothing.
public struct MeasurementRequest: Sendable, Equatable {
    /// Search-space plugin name.
    public var space: String
    /// Networks or single operators.
    public var kind: MeasurementSeries.Kind
    /// The device's name in the farm: workers serving it claim the jobs.
    public var device: String
    /// The profiler plugin that must measure.
    public var profiler: String
    /// The protocol, every field set (warm-up, timed runs, batch size, threads).
    public var settings: MeasurementSettings

    /// Creates a request; settings left nil take `ProfilingSession.defaultSettings`.
    public init(space: String, kind: MeasurementSeries.Kind, device: String, profiler: String, settings: MeasurementSettings) {
        self.space = space
        self.kind = kind
        self.device = device
        self.profiler = profiler
        self.settings = settings.filled(from: ProfilingSession.defaultSettings)
    }

    /// The series the results are stored in.
    public var series: MeasurementSeries {
        MeasurementSeries(
            space: space, kind: kind, device: device, profiler: profiler, batchSize: settings.batchSize ?? 1,
            measurementProtocol: settings.protocolText)
    }
}

/// A job a worker has claimed: it holds the job while its lease token is the job's.
public struct MeasurementJob: Sendable, Equatable {
    /// The job's row id.
    public let id: Int64
    /// The token of this claim; a completion with any other token is refused.
    public let leaseToken: String
    /// What to measure.
    public let request: MeasurementRequest
    /// The architecture (canonical) or operator key.
    public let item: String
    /// 1 for the first claim, 2 for the first retry, ...
    public let attempt: Int
}
