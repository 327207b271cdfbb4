import Foundation

/// Where measured latencies live, so that they survive interruptions and can be read back by
/// `train`, `bench`, `search`, `data export` and `lut build`.
///
/// The embedded default is a SQLite file (`SQLiteMeasurementStore`); a store shared by many
/// machines (a device farm) implements the same protocol over a database server. Every result is
/// written in its own transaction and identified by its `MeasurementSeries` and item, so a
/// repeated write of the same item adds nothing.
public protocol MeasurementStore: AnyObject {
    /// Where the store lives, for messages (a file path).
    var location: String { get }
    /// Records (or updates) a device's description: ordered key/value pairs from the profiler.
    func registerDevice(_ name: String, description: [(key: String, value: String)]) throws
    /// The items (architectures or operator keys) already measured in `series`.
    func measuredItems(in series: MeasurementSeries) throws -> Set<String>
    /// Stores one result in one transaction. Returns false when the item was already stored in
    /// that series (the earlier result is kept: nothing is measured twice).
    @discardableResult
    func record(_ result: StoredMeasurement) throws -> Bool
    /// Every stored result matching `filter`, in the order they were stored.
    func measurements(_ filter: MeasurementFilter) throws -> [StoredMeasurement]
    /// Every registered device with its description, by name.
    func devices() throws -> [(name: String, description: [(key: String, value: String)])]
}

extension MeasurementStore {
    /// Every stored result of exactly `series` (its protocol included), in the order stored.
    public func measurements(in series: MeasurementSeries) throws -> [StoredMeasurement] {
        try measurements(
            MeasurementFilter(
                space: series.space, kind: series.kind, device: series.device, batchSize: series.batchSize, profiler: series.profiler)
        ).filter { $0.series == series }
    }
}

/// How a device's description is kept in a store's `devices` table: one `key=value` per line.
enum DeviceDescriptionText {
    static func text(_ pairs: [(key: String, value: String)]) -> String {
        pairs.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    static func pairs(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}

/// What makes measurements comparable: the same search space, kind of item, device, profiler,
/// batch size and measurement protocol. Results of one series can be put side by side.
public struct MeasurementSeries: Hashable, Sendable, Codable {
    /// Whole networks, or single operators (lookup-table entries).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case network
        case `operator`
    }

    /// Search-space plugin name, e.g. "ofa-mbv3-w1.0".
    public var space: String
    /// What the items are.
    public var kind: Kind
    /// The device's name, as its profiler describes it.
    public var device: String
    /// The profiler plugin that measured.
    public var profiler: String
    /// Images per inference.
    public var batchSize: Int
    /// The measurement protocol as text, e.g. "warmup=10 runs=50 threads=1".
    public var measurementProtocol: String

    /// Creates a series description.
    public init(space: String, kind: Kind, device: String, profiler: String, batchSize: Int, measurementProtocol: String) {
        self.space = space
        self.kind = kind
        self.device = device
        self.profiler = profiler
        self.batchSize = batchSize
        self.measurementProtocol = measurementProtocol
    }
}

/// One stored result.
public struct StoredMeasurement: Sendable, Equatable {
    /// The series it belongs to.
    public var series: MeasurementSeries
    /// The canonical architecture, or the operator key.
    public var item: String
    /// The figures.
    public var measurement: Measurement
    /// When it was measured, ISO 8601 UTC.
    public var measuredAt: String

    /// Creates a stored result.
    public init(series: MeasurementSeries, item: String, measurement: Measurement, measuredAt: String) {
        self.series = series
        self.item = item
        self.measurement = measurement
        self.measuredAt = measuredAt
    }
}

/// Which stored results to read; nil matches anything.
public struct MeasurementFilter: Sendable, Equatable {
    /// Search space.
    public var space: String?
    /// Networks or operators.
    public var kind: MeasurementSeries.Kind?
    /// Device name.
    public var device: String?
    /// Batch size.
    public var batchSize: Int?
    /// Profiler.
    public var profiler: String?

    /// Creates a filter.
    public init(
        space: String? = nil, kind: MeasurementSeries.Kind? = nil, device: String? = nil, batchSize: Int? = nil, profiler: String? = nil
    ) {
        self.space = space
        self.kind = kind
        self.device = device
        self.batchSize = batchSize
        self.profiler = profiler
    }
}

/// Opens the store a `--db` argument names.
public enum MeasurementStores {
    /// A PostgreSQL store for a `postgres://` URL (tables created when missing), else a SQLite
    /// file (created when missing).
    public static func open(_ location: String) throws -> MeasurementStore {
        if PostgresURL.isPostgres(location) { return try PostgresMeasurementStore(url: try PostgresURL(location)) }
        return try SQLiteMeasurementStore(path: location)
    }

    /// A store that must already exist: a SQLite file that is missing is an error (nothing is
    /// created), a PostgreSQL URL is connected to.
    public static func openExisting(_ location: String) throws -> MeasurementStore {
        if !PostgresURL.isPostgres(location), !FileManager.default.fileExists(atPath: location) {
            throw StoreError("\(location): no such store")
        }
        return try open(location)
    }

    /// `location` as it may be printed: a URL's password masked.
    public static func displayName(_ location: String) -> String {
        PostgresURL.isPostgres(location) ? PostgresURL.mask(location) : location
    }
}
