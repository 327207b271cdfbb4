/// The embedded measurement store: one SQLite file in WAL mode, one transaction per result, a
/// unique key per (series, item) so that re-running an interrupted job never stores an item twice
/// and a killed process never leaves half a row.
public final class SQLiteMeasurementStore: MeasurementStore {
    /// The schema version this code writes (`PRAGMA user_version`).
    static let schemaVersion = 1
    private let database: SQLiteDatabase

    public var location: String { database.path }

    /// Opens (or creates) the store at `path`; refuses a file written by a newer schema.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path)
        var version = 0
        try database.query("PRAGMA user_version") { version = Int($0.integer(0)) }
        guard version <= Self.schemaVersion else {
            throw StoreError("\(path): store schema \(version) is newer than this latkit's (\(Self.schemaVersion))")
        }
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS devices (
                name TEXT PRIMARY KEY,
                description TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS measurements (
                id INTEGER PRIMARY KEY,
                space TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('network', 'operator')),
                device TEXT NOT NULL REFERENCES devices(name),
                profiler TEXT NOT NULL,
                batch_size INTEGER NOT NULL CHECK (batch_size > 0),
                protocol TEXT NOT NULL,
                item TEXT NOT NULL,
                mean_ms REAL NOT NULL CHECK (mean_ms > 0),
                std_ms REAL NOT NULL CHECK (std_ms >= 0),
                min_ms REAL NOT NULL,
                median_ms REAL NOT NULL,
                runs INTEGER NOT NULL,
                machine_load REAL,
                measured_at TEXT NOT NULL,
                UNIQUE (space, kind, device, profiler, batch_size, protocol, item)
            );
            PRAGMA user_version = \(Self.schemaVersion);
            """)
    }

    public func registerDevice(_ name: String, description: [(key: String, value: String)]) throws {
        let text = DeviceDescriptionText.text(description)
        try database.transaction {
            try database.query(
                "INSERT INTO devices (name, description) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description",
                [.text(name), .text(text)])
        }
    }

    public func measuredItems(in series: MeasurementSeries) throws -> Set<String> {
        var items = Set<String>()
        try database.query(
            "SELECT item FROM measurements WHERE space = ? AND kind = ? AND device = ? AND profiler = ? AND batch_size = ? AND protocol = ?",
            seriesValues(series)
        ) { items.insert($0.text(0)) }
        return items
    }

    @discardableResult
    public func record(_ result: StoredMeasurement) throws -> Bool {
        guard result.measurement.isValid else {
            throw StoreError("\(location): refusing to store an invalid measurement of '\(result.item)' (\(result.measurement))")
        }
        let m = result.measurement
        return try database.transaction {
            try database.query(
                """
                INSERT INTO measurements (space, kind, device, profiler, batch_size, protocol, item,
                    mean_ms, std_ms, min_ms, median_ms, runs, machine_load, measured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
                seriesValues(result.series) + [
                    .text(result.item), .real(m.meanMs), .real(m.stdMs), .real(m.minMs), .real(m.medianMs), .integer(Int64(m.runs)),
                    .real(m.machineLoad), .text(result.measuredAt),
                ])
            return database.changes == 1
        }
    }

    public func measurements(_ filter: MeasurementFilter) throws -> [StoredMeasurement] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        func match(_ column: String, _ value: SQLiteValue?) {
            guard let value else { return }
            conditions.append("\(column) = ?")
            values.append(value)
        }
        match("space", filter.space.map { .text($0) })
        match("kind", filter.kind.map { .text($0.rawValue) })
        match("device", filter.device.map { .text($0) })
        match("batch_size", filter.batchSize.map { .integer(Int64($0)) })
        match("profiler", filter.profiler.map { .text($0) })
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var results: [StoredMeasurement] = []
        try database.query(
            """
            SELECT space, kind, device, profiler, batch_size, protocol, item, mean_ms, std_ms, min_ms, median_ms, runs,
                machine_load, measured_at FROM measurements\(clause) ORDER BY id
            """, values
        ) { row in
            let series = MeasurementSeries(
                space: row.text(0), kind: MeasurementSeries.Kind(rawValue: row.text(1)) ?? .network, device: row.text(2),
                profiler: row.text(3), batchSize: Int(row.integer(4)), measurementProtocol: row.text(5))
            let measurement = Measurement(
                meanMs: row.real(7) ?? 0, stdMs: row.real(8) ?? 0, minMs: row.real(9) ?? 0, medianMs: row.real(10) ?? 0,
                machineLoad: row.real(12), runs: Int(row.integer(11)))
            results.append(StoredMeasurement(series: series, item: row.text(6), measurement: measurement, measuredAt: row.text(13)))
        }
        return results
    }

    public func devices() throws -> [(name: String, description: [(key: String, value: String)])] {
        var devices: [(name: String, description: [(key: String, value: String)])] = []
        try database.query("SELECT name, description FROM devices ORDER BY name") {
            devices.append(($0.text(0), DeviceDescriptionText.pairs($0.text(1))))
        }
        return devices
    }

    private func seriesValues(_ series: MeasurementSeries) -> [SQLiteValue] {
        [
            .text(series.space), .text(series.kind.rawValue), .text(series.device), .text(series.profiler),
            .integer(Int64(series.batchSize)), .text(series.measurementProtocol),
        ]
    }
}
