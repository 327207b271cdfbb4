import Foundation

/// One device of `data/hardware/hardware_specs.csv` with its numeric features.
///
/// The numeric cells of that file hold text such as "4352 CUDA cores", "1545 reference / 1635
/// Founders Edition" or "about 1370". Each feature is the FIRST number in its cell (so the
/// reference-board figure where the cell lists variants, the 1 GB board where it lists "1 / 2 /
/// 4 / 8"). An empty cell is missing (nil), never guessed. Two documented exceptions are also
/// missing: a cell starting with "up to" (a bound, e.g. a CPU's maximum memory "up to 1024"), and
/// a number followed by a unit foreign to the column (e.g. tdp_W "5 V 3 A supply", or a clock in
/// GHz). The original text of every numeric cell is kept in `cells`.
public struct DeviceSpec: Codable, Equatable, Sendable {
    /// `hw_id`, e.g. "rtx_2080_ti".
    public var id: String
    /// The device's full name, e.g. "NVIDIA GeForce RTX 2080 Ti".
    public var name: String
    /// desktop_gpu, datacenter_gpu, embedded_gpu, server_cpu, embedded_cpu, mobile_phone, ...
    public var kind: String
    /// Microarchitecture, e.g. "Turing (TU102)".
    public var architecture: String
    /// `compute_units`: CUDA cores for GPUs, CPU cores otherwise.
    public var cores: Double?
    /// Streaming multiprocessors (GPUs).
    public var smCount: Double?
    /// Memory size, GB.
    public var memoryGB: Double?
    /// Memory bus width, bits.
    public var memoryBusBits: Double?
    /// Memory bandwidth, GB/s.
    public var memoryBandwidthGBps: Double?
    /// Base clock, MHz.
    public var baseClockMHz: Double?
    /// Boost clock, MHz.
    public var boostClockMHz: Double?
    /// Thermal design power, W.
    public var tdpW: Double?
    /// Free-text remarks, e.g. which board variant is meant.
    public var notes: String
    /// Original text of the numeric cells, by column name.
    public var cells: [String: String]
    /// Line in the file.
    public var line: Int

    /// The features in `HardwareSpecs.featureNames` order.
    public var features: [Double?] {
        [cores, smCount, memoryGB, memoryBusBits, memoryBandwidthGBps, baseClockMHz, boostClockMHz, tdpW]
    }
}

/// The device table `data/hardware/hardware_specs.csv`.
public struct HardwareSpecs: Sendable {
    /// Names of `DeviceSpec.features`, in order.
    public static let featureNames = [
        "cores", "sm_count", "memory_gb", "memory_bus_bits", "memory_bandwidth_GBps", "base_clock_MHz", "boost_clock_MHz", "tdp_W",
    ]
    /// The CSV column of each feature and the units its cells may name.
    private static let numericColumns: [(column: String, units: Set<String>)] = [
        ("compute_units", []), ("sm_count", []), ("memory_gb", ["GB"]), ("memory_bus_bits", ["bit", "bits"]),
        ("memory_bandwidth_GBps", ["GB/s"]), ("base_clock_MHz", ["MHz"]), ("boost_clock_MHz", ["MHz"]), ("tdp_W", ["W"]),
    ]
    /// Units that, after a number, say the number is not in the column's unit.
    private static let knownUnits: Set<String> = [
        "V", "A", "W", "mW", "MHz", "GHz", "kHz", "Hz", "GB", "GiB", "MB", "MiB", "TB", "GB/s", "GiB/s", "Gb/s", "MB/s", "bit", "bits",
    ]

    /// Every device, in file order.
    public let devices: [DeviceSpec]

    /// Reads the table: a CSV file, or a JSON file (`.json`) holding one device object or an
    /// array of them, with the CSV's column names as keys (numbers or text as values).
    public static func load(path: String) throws -> HardwareSpecs {
        if path.lowercased().hasSuffix(".json") { return try HardwareSpecs(table: try jsonTable(path: path)) }
        return try HardwareSpecs(table: try CSVTable.read(path: path))
    }

    /// Reads the devices of a parsed table; refuses an empty or repeated `hw_id`. Only `hw_id` is
    /// required: a user describing their own device gives the fields they know, and every column
    /// left out is missing for every device (never 0).
    public init(table: CSVTable) throws {
        let id = try table.requireColumn("hw_id")
        let text = ["name", "kind", "architecture", "notes"].map { table.columnIndex($0) }
        let numeric = HardwareSpecs.numericColumns.map { table.columnIndex($0.column) }
        var devices: [DeviceSpec] = []
        var seen: [String: Int] = [:]
        for row in 0..<table.rowCount {
            let line = table.line(ofRow: row)
            let key = table.string(row: row, column: id)
            guard !key.isEmpty else { throw DataError(file: table.source, line: line, "empty hw_id") }
            if let first = seen[key] { throw DataError(file: table.source, line: line, "hw_id '\(key)' repeats line \(first)") }
            seen[key] = line
            var cells: [String: String] = [:]
            var values: [Double?] = []
            for (spec, column) in zip(HardwareSpecs.numericColumns, numeric) {
                let cell = column.map { table.string(row: row, column: $0) } ?? ""
                if !cell.isEmpty { cells[spec.column] = cell }
                values.append(HardwareSpecs.firstNumber(cell, units: spec.units))
            }
            devices.append(
                DeviceSpec(
                    id: key, name: text[0].map { table.string(row: row, column: $0) } ?? "",
                    kind: text[1].map { table.string(row: row, column: $0) } ?? "",
                    architecture: text[2].map { table.string(row: row, column: $0) } ?? "", cores: values[0], smCount: values[1],
                    memoryGB: values[2],
                    memoryBusBits: values[3], memoryBandwidthGBps: values[4], baseClockMHz: values[5], boostClockMHz: values[6],
                    tdpW: values[7], notes: text[3].map { table.string(row: row, column: $0) } ?? "", cells: cells, line: line))
        }
        self.devices = devices
    }

    /// A table of these devices and `others` (a device of `others` replaces one with the same id).
    public func merging(_ others: HardwareSpecs) -> HardwareSpecs {
        let ids = Set(others.devices.map(\.id))
        return HardwareSpecs(devices: devices.filter { !ids.contains($0.id) } + others.devices)
    }

    private init(devices: [DeviceSpec]) { self.devices = devices }

    /// A JSON device file as a table with the CSV's columns.
    private static func jsonTable(path: String) throws -> CSVTable {
        let parsed = try JSONFile.read(path: path)
        let objects: [[String: Any]]
        if let list = parsed as? [[String: Any]] {
            objects = list
        } else if let single = parsed as? [String: Any] {
            objects = [single]
        } else {
            throw DataError(file: path, line: nil, "expected a device object or an array of device objects")
        }
        let known = Set(["hw_id", "name", "kind", "architecture", "notes"] + numericColumns.map(\.column))
        var columns: [String] = ["hw_id"]
        for (index, object) in objects.enumerated() {
            for key in object.keys.sorted() {
                guard known.contains(key) else {
                    throw DataError(
                        file: path, line: nil, "device \(index): unknown key '\(key)'; known: \(known.sorted().joined(separator: ", "))")
                }
                if !columns.contains(key) { columns.append(key) }
            }
        }
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = [columns.joined(separator: ",")]
        for (index, object) in objects.enumerated() {
            lines.append(
                try columns.map { key -> String in
                    switch object[key] {
                    case nil, is NSNull: return ""
                    case let number as NSNumber: return quoted(number.stringValue)
                    case let text as String: return quoted(text)
                    default: throw DataError(file: path, line: nil, "device \(index): '\(key)' must be a number or text")
                    }
                }.joined(separator: ","))
        }
        return try CSVTable(text: lines.joined(separator: "\n") + "\n", source: path)
    }

    /// The device with `hw_id` `id`.
    public func device(_ id: String) -> DeviceSpec? { devices.first { $0.id == id } }

    /// The device with `hw_id` `id`; the error lists the known ids.
    public func requireDevice(_ id: String) throws -> DeviceSpec {
        if let found = device(id) { return found }
        throw DataError(file: "hardware_specs.csv", line: nil, "no device '\(id)'; known: \(devices.map(\.id).joined(separator: ", "))")
    }

    /// The first number in `text` (digits with an optional decimal part), nil for an empty cell,
    /// a cell starting with "up to", or a number followed by a unit not in `units`.
    static func firstNumber(_ text: String, units: Set<String>) -> Double? {
        let trimmed = text.trimmedSpaces
        if trimmed.lowercased().hasPrefix("up to") { return nil }
        let characters = Array(trimmed.unicodeScalars)
        guard let start = characters.firstIndex(where: { ("0"..."9").contains($0) }) else { return nil }
        var end = start
        while end < characters.count, ("0"..."9").contains(characters[end]) { end += 1 }
        if end + 1 < characters.count, characters[end] == ".", ("0"..."9").contains(characters[end + 1]) {
            end += 1
            while end < characters.count, ("0"..."9").contains(characters[end]) { end += 1 }
        }
        var unitStart = end
        while unitStart < characters.count, characters[unitStart] == " " { unitStart += 1 }
        var unitEnd = unitStart
        while unitEnd < characters.count, characters[unitEnd] != " ", characters[unitEnd] != "(", characters[unitEnd] != "," {
            unitEnd += 1
        }
        let unit = String(String.UnicodeScalarView(characters[unitStart..<unitEnd]))
        if knownUnits.contains(unit), !units.contains(unit) { return nil }
        return Double(String(String.UnicodeScalarView(characters[start..<end])))
    }
}
