import Foundation

/// Measures networks or single operators of one search space with one profiler, storing every
/// result in a `MeasurementStore` the moment it arrives: an interrupted session run again skips
/// what is stored and measures only the rest, so nothing is measured twice and nothing is lost.
public final class ProfilingSession {
    /// The space the items come from (and that exports their runnable models).
    public let space: SearchSpace
    /// The profiler that measures.
    public let profiler: Profiler
    /// Where results go.
    public let store: MeasurementStore
    /// How to measure (every field set: the protocol is part of a result's identity).
    public let settings: MeasurementSettings
    /// The measured device's name and description, as the profiler states them.
    public let device: (name: String, description: [(key: String, value: String)])

    /// The defaults `latkit profile` and `latkit lut build` measure with.
    public static let defaultSettings = MeasurementSettings(warmupRuns: 10, timedRuns: 50, batchSize: 1, threads: 1)

    /// Opens a session: asks the profiler for its device and registers it in the store.
    public init(space: SearchSpace, profiler: Profiler, store: MeasurementStore, settings: MeasurementSettings) throws {
        self.space = space
        self.profiler = profiler
        self.store = store
        self.settings = settings.filled(from: Self.defaultSettings)
        let description = try profiler.describeDevice()
        guard let name = description.first(where: { $0.key == "name" })?.value, !name.isEmpty else {
            throw ProfilingError("profiler '\(profiler.name)' describes its device without a name")
        }
        device = (name, description)
        try store.registerDevice(name, description: description)
    }

    /// The series results of `kind` go to.
    public func series(_ kind: MeasurementSeries.Kind) -> MeasurementSeries {
        MeasurementSeries(
            space: space.name, kind: kind, device: device.name, profiler: profiler.name, batchSize: settings.batchSize ?? 1,
            measurementProtocol: settings.protocolText)
    }

    /// What a `measure` call did.
    public struct Outcome: Sendable {
        /// Items measured and stored by this call.
        public var measured: Int
        /// Items found already stored (an earlier, interrupted run measured them).
        public var alreadyStored: Int
        /// Items that failed, with the reason.
        public var failures: [(item: String, reason: String)]
    }

    /// Measures every item of `items` (canonical architectures, or operator keys) not yet stored
    /// in `kind`'s series, one at a time, storing each result at once. `progress` hears after
    /// every item; returning false stops the session (what was stored stays).
    public func measure(
        _ items: [String], kind: MeasurementSeries.Kind, progress: ((ProfilingProgress) -> Bool)? = nil
    ) throws -> Outcome {
        let series = series(kind)
        let stored = try store.measuredItems(in: series)
        var seen = Set<String>()
        let wanted = items.filter { seen.insert($0).inserted }
        let todo = wanted.filter { !stored.contains($0) }
        var outcome = Outcome(measured: 0, alreadyStored: wanted.count - todo.count, failures: [])
        var tracker = ProfilingProgress(total: todo.count, alreadyStored: outcome.alreadyStored)
        for item in todo {
            // A failure to measure one item is that item's; a failure to store is the session's.
            let measurement: Measurement
            do {
                measurement = try measureOne(item, kind: kind)
            } catch {
                outcome.failures.append((item, String(describing: error)))
                tracker.finished(item: item, latencyMs: nil, failed: true)
                if let progress, !progress(tracker) { break }
                continue
            }
            try store.record(StoredMeasurement(series: series, item: item, measurement: measurement, measuredAt: Self.timestamp()))
            outcome.measured += 1
            tracker.finished(item: item, latencyMs: measurement.meanMs, failed: false)
            if let progress, !progress(tracker) { break }
        }
        return outcome
    }

    /// Measures one item by the session's protocol without storing it (a repeat measurement, or a
    /// network to check outside the stored series); throws when the profiler could not measure it.
    func measureOne(_ item: String, kind: MeasurementSeries.Kind) throws -> Measurement {
        try Self.measure(item, kind: kind, space: space, profiler: profiler, settings: settings)
    }

    /// Measures one item of `space` with `profiler`: exports its runnable model when the profiler
    /// takes models, adds its cost when it takes costs. Throws when the profiler could not
    /// measure it. Shared by sessions and by farm workers.
    static func measure(
        _ item: String, kind: MeasurementSeries.Kind, space: SearchSpace, profiler: Profiler, settings: MeasurementSettings
    ) throws -> Measurement {
        try measure([item], kind: kind, space: space, profiler: profiler, settings: settings)[0]
    }

    /// Measures `items` of `space` in one call of `profiler`, in order; throws when it could not
    /// measure one of them.
    static func measure(
        _ items: [String], kind: MeasurementSeries.Kind, space: SearchSpace, profiler: Profiler, settings: MeasurementSettings
    ) throws -> [Measurement] {
        try measure(try batch(items, kind: kind, space: space, profiler: profiler), profiler: profiler, settings: settings)
    }

    /// The batch `profiler` measures `items` from: their runnable models exported when it takes
    /// models, their costs added when it takes costs. A space that exports no runnable models
    /// gives a batch without them: a profiler that can do without (a worker that builds the
    /// network from its text) still measures it.
    static func batch(_ items: [String], kind: MeasurementSeries.Kind, space: SearchSpace, profiler: Profiler) throws -> ArchitectureBatch {
        var batch = ArchitectureBatch(searchSpace: space.name, count: items.count, architectures: items)
        if profiler.views.contains(.models), !space.exportFormats.isEmpty {
            let format = space.exportFormats[0]
            batch.models =
                kind == .network ? try space.exportModels(items, format: format) : try space.exportOperators(items, format: format)
        }
        if kind == .network, profiler.views.contains(.cost) { batch.costs = try space.cost(items) }
        return batch
    }

    /// Measures every row of `batch` in one call of `profiler`; throws when it answered for
    /// another number of rows or could not measure one of them.
    static func measure(_ batch: ArchitectureBatch, profiler: Profiler, settings: MeasurementSettings) throws -> [Measurement] {
        let items = batch.architectures
        let measurements = try profiler.measure(batch, settings: settings, progress: nil)
        guard measurements.count == items.count else {
            throw ProfilingError("profiler '\(profiler.name)' answered \(measurements.count) rows for \(items.count)")
        }
        for (item, measurement) in zip(items, measurements) where !measurement.isValid {
            let what = items.count == 1 ? "it" : item
            throw ProfilingError("profiler '\(profiler.name)' could not measure \(what) (status \(measurement.status))")
        }
        return measurements
    }

    /// Now, as ISO 8601 UTC to the second.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}

extension MeasurementSettings {
    /// These settings with every field left nil taken from `defaults`.
    public func filled(from defaults: MeasurementSettings) -> MeasurementSettings {
        MeasurementSettings(
            warmupRuns: warmupRuns ?? defaults.warmupRuns, timedRuns: timedRuns ?? defaults.timedRuns,
            batchSize: batchSize ?? defaults.batchSize, threads: threads ?? defaults.threads)
    }

    /// The protocol as a series names it: "warmup=10 runs=50 threads=1" (0 for a field left nil).
    public var protocolText: String { "warmup=\(warmupRuns ?? 0) runs=\(timedRuns ?? 0) threads=\(threads ?? 0)" }
}

/// Where a profiling session stands: for a progress bar with rate and ETA.
public struct ProfilingProgress: Sendable {
    /// Items this run must measure.
    public let total: Int
    /// Items an earlier run had stored.
    public let alreadyStored: Int
    /// Items finished by this run (measured or failed).
    public private(set) var done = 0
    /// Items that failed.
    public private(set) var failed = 0
    /// The last item finished, and its mean latency when it was measured.
    public private(set) var lastItem = ""
    /// Mean latency of the last item, ms.
    public private(set) var lastLatencyMs: Double?
    private let started = Date()

    init(total: Int, alreadyStored: Int) {
        self.total = total
        self.alreadyStored = alreadyStored
    }

    mutating func finished(item: String, latencyMs: Double?, failed: Bool) {
        done += 1
        if failed { self.failed += 1 }
        lastItem = item
        lastLatencyMs = latencyMs
    }

    /// Seconds since the run began.
    public var elapsed: Double { Date().timeIntervalSince(started) }
    /// Items per second so far.
    public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    /// Seconds left at the current rate, nil before the first item.
    public var remaining: Double? { done > 0 && rate > 0 ? Double(total - done) / rate : nil }
}

/// A profiler's failure on one item, one line.
public struct ProfilingError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
