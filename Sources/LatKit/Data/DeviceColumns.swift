/// One latency column of a HELP file, described by `data/hardware/device_columns.csv`.
public struct DeviceColumn: Codable, Equatable, Sendable {
    /// The file the column belongs to, e.g. "help_ofa_mbv3/latency_wide.csv".
    public var datasetFile: String
    /// The column name, e.g. "2080ti_bs64".
    public var column: String
    /// Key into `hardware_specs.csv` (some keys, e.g. "tesla_v100", name a device family whose
    /// variant the source does not state and have no row there).
    public var hardwareID: String
    /// HELP's device key, e.g. "2080ti".
    public var deviceKey: String
    /// Batch size, nil where the source does not state it (CPUs, phones, simulated devices).
    public var batchSize: Int?
    /// The device's full name, e.g. "NVIDIA GeForce RTX 2080 Ti".
    public var deviceName: String
    /// desktop_gpu, datacenter_gpu, server_cpu, mobile_phone, embedded_cpu, asic_simulated or fpga_simulated.
    public var deviceClass: String
    /// Who measured the column, e.g. "HELP authors".
    public var origin: String
    /// "float ms" or "integer ms".
    public var valueType: String
    /// Whether a network's latency is the sum of its operators' latencies: "yes (exact)", "no" or "n/a".
    public var additiveInOps: String
    /// Number of values and their min / median / max (ms) in the full source file.
    public var count: Int?
    /// Smallest value in the full source file, ms.
    public var minMs: Double?
    /// Median value in the full source file, ms.
    public var medianMs: Double?
    /// Largest value in the full source file, ms.
    public var maxMs: Double?
}

/// The table `data/hardware/device_columns.csv`: which device, batch size and hardware entry
/// every latency column of the HELP files measures.
public struct DeviceColumns: Sendable {
    /// Every row of the table, in file order.
    public let entries: [DeviceColumn]

    /// Reads the table.
    public static func load(path: String) throws -> DeviceColumns { try DeviceColumns(table: try CSVTable.read(path: path)) }

    /// Reads the rows of a parsed table; refuses a column described twice for the same file.
    public init(table: CSVTable) throws {
        let names = [
            "dataset_file", "column", "hw_id", "device_key", "batch_size", "device_name", "device_class", "origin", "value_type",
            "additive_in_ops", "n", "min_ms", "median_ms", "max_ms",
        ]
        let index = try names.map { try table.requireColumn($0) }
        var seen: [String: Int] = [:]
        var entries: [DeviceColumn] = []
        for row in 0..<table.rowCount {
            let text = { (field: Int) in table.string(row: row, column: index[field]) }
            let entry = DeviceColumn(
                datasetFile: text(0), column: text(1), hardwareID: text(2), deviceKey: text(3),
                batchSize: try table.optionalInteger(row: row, column: index[4]), deviceName: text(5), deviceClass: text(6),
                origin: text(7), valueType: text(8), additiveInOps: text(9), count: try table.optionalInteger(row: row, column: index[10]),
                minMs: try table.optionalNumber(row: row, column: index[11]),
                medianMs: try table.optionalNumber(row: row, column: index[12]),
                maxMs: try table.optionalNumber(row: row, column: index[13]))
            let key = entry.datasetFile + "\u{1F}" + entry.column
            if let first = seen[key] {
                throw DataError(
                    file: table.source, line: table.line(ofRow: row),
                    "column '\(entry.column)' of \(entry.datasetFile) is already described on line \(first)")
            }
            seen[key] = table.line(ofRow: row)
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The columns of a data file. `datasetFile` is matched by the folder it is in
    /// (`help_ofa_mbv3`, `help_nasbench201`, `help_fbnet`), so a path such as
    /// a copy such as `work/help_nasbench201/latency_wide.csv` finds the columns of the shipped file.
    public func entries(datasetFile: String) -> [DeviceColumn] {
        let folder = DeviceColumns.folder(of: datasetFile)
        return entries.filter { DeviceColumns.folder(of: $0.datasetFile) == folder }
    }

    /// The description of `column` in a data file (matched as in `entries(datasetFile:)`).
    public func entry(column: String, datasetFile: String) -> DeviceColumn? {
        entries(datasetFile: datasetFile).first { $0.column == column }
    }

    private static func folder(of path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : ""
    }
}
