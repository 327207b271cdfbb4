/// Latencies of the same architectures on several device series: the data of the
/// hardware-generalization protocol.
///
/// Read from a wide CSV (one column per series; the device table `device_columns.csv` says which
/// hardware and batch size each column measures) or a long CSV (`device`, `batch_size`,
/// `latency_ms` and optionally `hw_id` columns, one row per measurement). A cell that is not a
/// positive latency of at most `LatencyCell.ceiling` (1e6 ms) is missing for that series only,
/// and counted in `missingCells`; a repeated
/// architecture keeps its first row, counted in `repeatedRows`.
public struct MultiDeviceDataset: Sendable {
    /// The file read.
    public let source: String
    /// The search space's name.
    public let searchSpace: String
    /// Distinct canonical architectures, in file order.
    public private(set) var architectures: [String]
    /// Each architecture's id from the file's `arch_id`, `arch_index` or `row` column (first row of a repeated architecture), if it has one.
    public private(set) var ids: [String]?
    /// The series, in file order (wide) or first appearance (long).
    public let series: [DeviceSeries]
    /// `latencies[s][a]`: latency (ms) of architecture `a` on series `s`, nil where not measured.
    public private(set) var latencies: [[Double?]]
    /// Cells that held no usable latency.
    public let missingCells: Int
    /// Rows whose architecture (and series) repeated an earlier row.
    public let repeatedRows: Int

    /// Reads `path`; `devices` describes the columns of a wide file.
    public static func load(path: String, space: SearchSpace, devices: DeviceColumns?) throws -> MultiDeviceDataset {
        try MultiDeviceDataset(table: try CSVTable.read(path: path), space: space, devices: devices)
    }

    /// Reads a parsed table.
    public init(table: CSVTable, space: SearchSpace, devices: DeviceColumns?) throws {
        var problems = RowProblems()
        let rows = Array(0..<table.rowCount)
        let canonical = try ArchitectureReader.canonical(table: table, rows: rows, space: space, skip: false, problems: &problems)
            .map { $0! }
        var index: [String: Int] = [:]
        var architectures: [String] = []
        let idColumn = ["arch_id", "arch_index", "row"].lazy.compactMap { table.columnIndex($0) }.first
        var ids: [String] = []
        for (row, architecture) in canonical.enumerated() where index[architecture] == nil {
            index[architecture] = architectures.count
            architectures.append(architecture)
            if let idColumn { ids.append(table.string(row: row, column: idColumn)) }
        }
        var missing = 0
        var repeated = 0
        var series: [DeviceSeries] = []
        var latencies: [[Double?]] = []
        if LatencyLayout.detect(header: table.header) == .long {
            let device = try table.requireColumn("device", purpose: "long layout")
            let batch = try table.requireColumn("batch_size", purpose: "long layout")
            let latency = try table.requireColumn("latency_ms", purpose: "long layout")
            let hardware = table.columnIndex("hw_id")
            var seriesIndex: [String: Int] = [:]
            for row in rows {
                let name = table.string(row: row, column: device)
                let batchText = table.string(row: row, column: batch)
                let batchSize = Int(batchText.trimmedSpaces)
                if !batchText.isEmpty, batchSize == nil || batchSize! <= 0 {
                    throw DataError(
                        file: table.source, line: table.line(ofRow: row),
                        "column 'batch_size': '\(batchText)' is not a positive whole number")
                }
                let column = batchSize.map { "\(name)_bs\($0)" } ?? name
                if seriesIndex[column] == nil {
                    seriesIndex[column] = series.count
                    let described = devices?.entry(column: column, datasetFile: table.source)
                    let hardwareID = hardware.map { table.string(row: row, column: $0) } ?? described?.hardwareID ?? name
                    series.append(
                        DeviceSeries(
                            column: column, hardwareID: hardwareID.isEmpty ? name : hardwareID, batchSize: batchSize,
                            deviceClass: described?.deviceClass ?? ""))
                    latencies.append([Double?](repeating: nil, count: architectures.count))
                }
                let s = seriesIndex[column]!
                let a = index[canonical[row]]!
                guard let value = LatencyCell(table, row: row, column: latency).value else {
                    missing += 1
                    continue
                }
                if latencies[s][a] != nil { repeated += 1 } else { latencies[s][a] = value }
            }
        } else {
            let columns = LatencyColumns.series(table, architectureColumns: space.architectureColumns)
            guard !columns.isEmpty else { throw DataError(file: table.source, line: 1, "no latency columns") }
            for name in columns {
                let column = try table.requireColumn(name)
                let described = devices?.entry(column: name, datasetFile: table.source)
                series.append(
                    DeviceSeries(
                        column: name, hardwareID: described?.hardwareID ?? name, batchSize: described?.batchSize,
                        deviceClass: described?.deviceClass ?? ""))
                var values = [Double?](repeating: nil, count: architectures.count)
                for row in rows {
                    let a = index[canonical[row]]!
                    guard let value = LatencyCell(table, row: row, column: column).value else {
                        missing += 1
                        continue
                    }
                    if values[a] != nil { repeated += 1 } else { values[a] = value }
                }
                latencies.append(values)
            }
        }
        self.source = table.source
        self.searchSpace = space.name
        self.architectures = architectures
        self.ids = idColumn == nil ? nil : ids
        self.series = series
        self.latencies = latencies
        self.missingCells = missing
        self.repeatedRows = repeated
    }

    /// The index of the series named `column`; the error lists the series.
    public func seriesIndex(_ column: String) throws -> Int {
        if let found = series.firstIndex(where: { $0.column == column }) { return found }
        throw DataError(
            file: source, line: nil, "no device series '\(column)'; series: \(series.map(\.column).joined(separator: ", "))")
    }

    /// The canonical architectures with the ids `wanted` (the file's id column); the error names a missing id.
    public func architectures(withIDs wanted: [String]) throws -> [String] {
        guard let ids else { throw DataError(file: source, line: 1, "no arch_id, arch_index or row column to look architecture ids up in") }
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try wanted.map { id in
            guard let index = position[id] else { throw DataError(file: source, line: nil, "no architecture with id '\(id)'") }
            return architectures[index]
        }
    }

    /// The data set without the architectures in `excluded` (e.g. a space's degenerate networks).
    public func excluding(_ excluded: Set<String>) -> MultiDeviceDataset {
        let kept = architectures.indices.filter { !excluded.contains(architectures[$0]) }
        var copy = self
        copy.architectures = kept.map { architectures[$0] }
        copy.ids = ids.map { ids in kept.map { ids[$0] } }
        copy.latencies = latencies.map { values in kept.map { values[$0] } }
        return copy
    }
}
