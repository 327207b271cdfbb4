/// The shared measurement store of a device farm: the same tables and guarantees as
/// `SQLiteMeasurementStore` (one transaction per result, a unique key per (series, item)) on a
/// PostgreSQL server that many machines reach.
public final class PostgresMeasurementStore: MeasurementStore {
    let connection: PostgresConnection

    /// The URL with its password masked.
    public var location: String { connection.url.masked }

    /// Connects to `url` and creates the tables when missing.
    public init(url: PostgresURL) throws {
        connection = try PostgresConnection(url: url)
        try PostgresSchema.ensure(on: connection)
    }

    public func registerDevice(_ name: String, description: [(key: String, value: String)]) throws {
        try Self.registerDevice(name, description: description, on: connection)
    }

    public func measuredItems(in series: MeasurementSeries) throws -> Set<String> {
        try Self.measuredItems(in: series, on: connection)
    }

    /// Records (or updates) a device's description over `connection`.
    static func registerDevice(_ name: String, description: [(key: String, value: String)], on connection: PostgresConnection) throws {
        try connection.query(
            "INSERT INTO devices (name, description) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET description = excluded.description",
            [.text(name), .text(DeviceDescriptionText.text(description))])
    }

    /// The items already measured in `series`, over `connection`.
    static func measuredItems(in series: MeasurementSeries, on connection: PostgresConnection) throws -> Set<String> {
        let rows = try connection.query(
            """
            SELECT item FROM measurements
            WHERE space = $1 AND kind = $2 AND device = $3 AND profiler = $4 AND batch_size = $5 AND protocol = $6
            """, seriesValues(series))
        return Set(rows.compactMap { $0[0] })
    }

    @discardableResult
    public func record(_ result: StoredMeasurement) throws -> Bool {
        try Self.insert(result, on: connection)
    }

    /// Inserts one result (in the caller's transaction, if one is open); false when the item was
    /// already stored in its series. Shared with the job queue, which completes a job and stores
    /// its result in one transaction.
    static func insert(_ result: StoredMeasurement, on connection: PostgresConnection) throws -> Bool {
        guard result.measurement.isValid else {
            throw StoreError(
                "\(connection.url.masked): refusing to store an invalid measurement of '\(result.item)' (\(result.measurement))")
        }
        let m = result.measurement
        let rows = try connection.query(
            """
            INSERT INTO measurements (space, kind, device, profiler, batch_size, protocol, item,
                mean_ms, std_ms, min_ms, median_ms, runs, machine_load, measured_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            seriesValues(result.series) + [
                .text(result.item), .real(m.meanMs), .real(m.stdMs), .real(m.minMs), .real(m.medianMs), .int(m.runs),
                .real(m.machineLoad), .text(result.measuredAt),
            ])
        return rows.count == 1
    }

    public func measurements(_ filter: MeasurementFilter) throws -> [StoredMeasurement] {
        var conditions: [String] = []
        var values: [PostgresValue] = []
        func match(_ column: String, _ value: PostgresValue?) {
            guard let value else { return }
            values.append(value)
            conditions.append("\(column) = $\(values.count)")
        }
        match("space", filter.space.map { .text($0) })
        match("kind", filter.kind.map { .text($0.rawValue) })
        match("device", filter.device.map { .text($0) })
        match("batch_size", filter.batchSize.map { .int($0) })
        match("profiler", filter.profiler.map { .text($0) })
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try connection.query(
            """
            SELECT space, kind, device, profiler, batch_size, protocol, item, mean_ms, std_ms, min_ms, median_ms, runs,
                machine_load, measured_at FROM measurements\(clause) ORDER BY id
            """, values)
        return rows.map { row in
            func text(_ column: Int) -> String { row[column] ?? "" }
            func number(_ column: Int) -> Double? { row[column].flatMap { Double($0) } }
            let series = MeasurementSeries(
                space: text(0), kind: MeasurementSeries.Kind(rawValue: text(1)) ?? .network, device: text(2), profiler: text(3),
                batchSize: Int(text(4)) ?? 0, measurementProtocol: text(5))
            let measurement = Measurement(
                meanMs: number(7) ?? 0, stdMs: number(8) ?? 0, minMs: number(9) ?? 0, medianMs: number(10) ?? 0,
                machineLoad: number(12), runs: Int(text(11)) ?? 0)
            return StoredMeasurement(series: series, item: text(6), measurement: measurement, measuredAt: text(13))
        }
    }

    public func devices() throws -> [(name: String, description: [(key: String, value: String)])] {
        try connection.query("SELECT name, description FROM devices ORDER BY name").map {
            ($0[0] ?? "", DeviceDescriptionText.pairs($0[1] ?? ""))
        }
    }

    static func seriesValues(_ series: MeasurementSeries) -> [PostgresValue] {
        [
            .text(series.space), .text(series.kind.rawValue), .text(series.device), .text(series.profiler),
            .int(series.batchSize), .text(series.measurementProtocol),
        ]
    }
}
