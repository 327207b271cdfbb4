import Foundation

/// What `latkit data info FILE [--space S]` reports about a latency file: its size, its
/// architectures, every latency series with min / median / max, duplicates, and flags for known
/// problems (many architectures sharing one latency value, whole-millisecond values, bad cells,
/// repeated architectures with different labels, invalid architectures). Codable for `--json`.
///
/// Architectures: with a search space, the canonical strings the space builds from its
/// architecture columns; without one, the distinct tuples of the columns that look like
/// architecture columns (`ks,e,d,r`, `arch_str`, `op_idx`, other non-numeric columns).
/// Series: in wide and paper files every numeric column that is not an architecture or
/// bookkeeping column (`row`, `arch_id`, ...); in long files one series per (device, batch size)
/// of `latency_ms`. The median of an even count is the mean of the two middle values.
public struct DataInfo: Codable, Equatable, Sendable {
    /// One architecture column and its number of distinct values.
    public struct ArchitectureColumn: Codable, Equatable, Sendable {
        /// The column name.
        public var name: String
        /// Number of distinct values in the column.
        public var distinctValues: Int
    }

    /// Cells of a series that are not usable latencies.
    public struct BadCells: Codable, Equatable, Sendable {
        /// Empty cells.
        public var empty = 0
        /// Cells whose text is not a number.
        public var notANumber = 0
        /// Cells holding NaN.
        public var nan = 0
        /// Cells holding an infinite value.
        public var infinite = 0
        /// Zero or negative.
        public var nonPositive = 0
        /// Above `LatencyCell.ceiling` (1e6 ms).
        public var tooLarge = 0

        /// All bad cells of the series.
        public var total: Int { empty + notANumber + nan + infinite + nonPositive + tooLarge }
    }

    /// One latency series.
    public struct Series: Codable, Equatable, Sendable {
        /// The column, or `latency_ms[device=2080ti, batch=64]` in a long file.
        public var name: String
        /// Long files: the device and batch size of the series.
        public var device: String?
        /// Long files: the batch size of the series, as written in the file.
        public var batchSize: String?
        /// Rows of the series and how many hold a usable latency.
        public var rows: Int
        /// Rows holding a usable (finite, positive) latency.
        public var values: Int
        /// Smallest usable latency, ms; nil when there is none.
        public var min: Double?
        /// Median usable latency, ms; nil when there is none.
        public var median: Double?
        /// Largest usable latency, ms; nil when there is none.
        public var max: Double?
        /// Number of distinct usable latency values.
        public var distinctValues: Int
        /// Distinct architectures among the rows with a usable latency.
        public var distinctArchitectures: Int
        /// The most rows sharing one latency value.
        public var largestTie: Int
        /// Values below 1/20 of the median: implausibly fast for the same kind of network (e.g. the
        /// NAS-Bench-201 cells without an input-output path, whose exported graph was pruned).
        public var tinyValues: Int
        /// Whether every value is a whole number (e.g. phones measured in whole ms).
        public var integerValued: Bool
        /// Cells that are not usable latencies, by kind.
        public var badCells: BadCells
        /// Rows whose architecture already occurred earlier in this series.
        public var duplicateRows: Int
        /// Architectures that occur several times in this series with different values.
        public var duplicatesWithDifferingValues: Int
    }

    /// The file analysed, as given.
    public var file: String
    /// The detected layout (wide, long or paper).
    public var layout: LatencyLayout
    /// Data rows in the file, header excluded.
    public var rows: Int
    /// The header's column names, in file order.
    public var columns: [String]
    /// The search space used, nil when architectures are counted as column tuples.
    public var searchSpace: String?
    /// The architecture columns used, with their distinct values.
    public var architectureColumns: [ArchitectureColumn]
    /// Distinct architectures in the file.
    public var distinctArchitectures: Int
    /// Rows whose architecture already occurred earlier (per series in long files, summed).
    public var duplicateArchitectureRows: Int
    /// Rows whose architecture the space refused (with a space).
    public var invalidArchitectures: RowProblems?
    /// Every latency series found, in column order (long files: in order of first appearance).
    public var series: [Series]
    /// Known problems found, one sentence each.
    public var flags: [String]

    /// Reads and analyses `path`.
    public static func analyze(path: String, space: SearchSpace? = nil) throws -> DataInfo {
        try analyze(table: try CSVTable.read(path: path), space: space)
    }

    /// Analyses a parsed table.
    public static func analyze(table: CSVTable, space: SearchSpace? = nil) throws -> DataInfo {
        let layout = LatencyLayout.detect(header: table.header)
        let archNames = space?.architectureColumns ?? LatencyColumns.guessedArchitecture(table)
        let archColumns = try archNames.map { try table.requireColumn($0, purpose: "architecture column") }

        // One id per row for its architecture (-1: refused by the space).
        var ids = [Int](repeating: -1, count: table.rowCount)
        var invalid: RowProblems? = nil
        var distinct = 0
        if let space {
            var problems = RowProblems()
            let canonical = try ArchitectureReader.canonical(
                table: table, rows: Array(0..<table.rowCount), space: space, skip: true, problems: &problems)
            (ids, distinct) = denseIDs(canonical)
            invalid = problems
        } else if archColumns.isEmpty {
            ids = Array(0..<table.rowCount)
            distinct = table.rowCount
        } else {
            (ids, distinct) = denseIDs((0..<table.rowCount).map { table.rowKey(row: $0, columns: archColumns) })
        }
        let columnSummaries = zip(archNames, archColumns).map { name, column in
            ArchitectureColumn(name: name, distinctValues: Set((0..<table.rowCount).map { table.rowKey(row: $0, columns: [column]) }).count)
        }

        var series: [Series] = []
        if layout == .long {
            let latency = try table.requireColumn("latency_ms", purpose: "long layout")
            let device = try table.requireColumn("device", purpose: "long layout")
            let batch = try table.requireColumn("batch_size", purpose: "long layout")
            var groups: [String: [Int]] = [:]
            var order: [(String, String)] = []
            for row in 0..<table.rowCount {
                let pair = (table.string(row: row, column: device), table.string(row: row, column: batch))
                let key = pair.0 + "\u{1F}" + pair.1
                if groups[key] == nil { order.append(pair) }
                groups[key, default: []].append(row)
            }
            for (deviceName, batchSize) in order {
                var summary = summarize(
                    table, column: latency, rows: groups[deviceName + "\u{1F}" + batchSize] ?? [], ids: ids,
                    name: "latency_ms[device=\(deviceName), batch=\(batchSize)]")
                summary.device = deviceName
                summary.batchSize = batchSize
                series.append(summary)
            }
        } else {
            let names = LatencyColumns.series(table, architectureColumns: archNames)
            for name in names {
                series.append(
                    summarize(table, column: try table.requireColumn(name), rows: Array(0..<table.rowCount), ids: ids, name: name))
            }
        }

        var info = DataInfo(
            file: table.source, layout: layout, rows: table.rowCount, columns: table.header, searchSpace: space?.name,
            architectureColumns: columnSummaries, distinctArchitectures: distinct,
            duplicateArchitectureRows: layout == .long
                ? series.reduce(0) { $0 + $1.duplicateRows } : ids.filter { $0 >= 0 }.count - distinct,
            invalidArchitectures: invalid, series: series, flags: [])
        info.flags = info.findFlags(architectureColumnsKnown: !archColumns.isEmpty)
        return info
    }

    /// Numbers the distinct keys 0, 1, ... in order of first appearance: one id per key (-1 for
    /// nil), and the number of distinct keys.
    private static func denseIDs<Key: Hashable>(_ keys: [Key?]) -> ([Int], Int) {
        var index: [Key: Int] = [:]
        let ids = keys.map { key -> Int in
            guard let key else { return -1 }
            if let known = index[key] { return known }
            index[key] = index.count
            return index.count - 1
        }
        return (ids, index.count)
    }

    private static func summarize(_ table: CSVTable, column: Int, rows: [Int], ids: [Int], name: String) -> Series {
        var bad = BadCells()
        var values: [Double] = []
        var firstValue: [Int: Double] = [:]
        var differing: Set<Int> = []
        var duplicates = 0
        values.reserveCapacity(rows.count)
        for row in rows {
            let value: Double
            switch LatencyCell(table, row: row, column: column) {
            case .valid(let number): value = number
            case .empty:
                bad.empty += 1
                continue
            case .notANumber:
                bad.notANumber += 1
                continue
            case .nan:
                bad.nan += 1
                continue
            case .infinite:
                bad.infinite += 1
                continue
            case .zero, .negative:
                bad.nonPositive += 1
                continue
            case .tooLarge:
                bad.tooLarge += 1
                continue
            }
            values.append(value)
            let id = ids[row]
            guard id >= 0 else { continue }
            if let first = firstValue[id] {
                duplicates += 1
                if first != value { differing.insert(id) }
            } else {
                firstValue[id] = value
            }
        }
        values.sort()
        var distinctValues = 0
        var largestTie = 0
        var run = 0
        for (index, value) in values.enumerated() {
            run = index > 0 && values[index - 1] == value ? run + 1 : 1
            if run == 1 { distinctValues += 1 }
            largestTie = Swift.max(largestTie, run)
        }
        let median: Double? =
            values.isEmpty
            ? nil
            : values.count % 2 == 1
                ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        let tiny = median.map { middle in values.prefix { $0 < middle / 20 }.count } ?? 0
        return Series(
            name: name, device: nil, batchSize: nil, rows: rows.count, values: values.count, min: values.first, median: median,
            max: values.last, distinctValues: distinctValues, distinctArchitectures: firstValue.count, largestTie: largestTie,
            tinyValues: tiny,
            integerValued: !values.isEmpty && values.allSatisfy { $0 == $0.rounded() }, badCells: bad, duplicateRows: duplicates,
            duplicatesWithDifferingValues: differing.count)
    }

    private func findFlags(architectureColumnsKnown: Bool) -> [String] {
        var flags: [String] = []
        if !architectureColumnsKnown {
            flags.append("no architecture columns recognised: every row is counted as its own architecture (give --space)")
        }
        if let invalid = invalidArchitectures, !invalid.isEmpty {
            flags.append("\(count(invalid.count)) rows have architectures the search space refuses; first: \(invalid.examples[0])")
        }
        if layout != .long, duplicateArchitectureRows > 0 {
            flags.append(
                "\(count(duplicateArchitectureRows)) rows repeat an earlier architecture (\(count(distinctArchitectures)) distinct in \(count(rows)) rows): a random row split puts the same architecture in training and test rows"
            )
        }
        for entry in series {
            if entry.integerValued {
                flags.append(
                    "\(entry.name): whole numbers only (\(count(entry.distinctValues)) distinct values): 1 ms timer resolution, expect many ties"
                )
            } else if entry.distinctArchitectures >= 20, entry.distinctValues * 2 < entry.distinctArchitectures {
                flags.append(
                    "\(entry.name): only \(count(entry.distinctValues)) distinct latency values for \(count(entry.distinctArchitectures)) distinct architectures (up to \(count(entry.largestTie)) rows share one value): many architectures share a latency, as with a measurement cache keyed without the resolution (the caching bug of the measured CompOFA fixed-kernel files)"
                )
            }
            if entry.tinyValues > 0, let smallest = entry.min, let median = entry.median {
                flags.append(
                    "\(entry.name): \(count(entry.tinyValues)) values below 1/20 of the median \(number(median)) ms (smallest \(number(smallest)) ms): check those architectures (empty or pruned networks?)"
                )
            }
            let bad = entry.badCells
            if bad.total > 0 {
                let parts = [
                    (bad.empty, "empty"), (bad.notANumber, "not a number"), (bad.nan, "NaN"), (bad.infinite, "infinite"),
                    (bad.nonPositive, "zero or negative"), (bad.tooLarge, "above 1000000 ms"),
                ].filter { $0.0 > 0 }.map { "\(count($0.0)) \($0.1)" }
                flags.append("\(entry.name): \(parts.joined(separator: ", ")) cells; reading this column as a target refuses those rows")
            }
            if entry.duplicatesWithDifferingValues > 0 {
                flags.append(
                    "\(entry.name): \(count(entry.duplicatesWithDifferingValues)) architectures occur several times with different values")
            }
        }
        return flags
    }

    /// The report as readable text.
    public func render() -> String {
        var lines: [String] = []
        lines.append("file: \(file)")
        lines.append("layout: \(layout.rawValue); \(count(rows)) rows; \(columns.count) columns: \(columns.joined(separator: ", "))")
        let how = searchSpace.map { "canonical architectures of search space '\($0)'" } ?? "distinct value tuples (no search space given)"
        lines.append("architectures: \(count(distinctArchitectures)) distinct, as \(how)")
        if !architectureColumns.isEmpty {
            lines.append(
                "  columns: " + architectureColumns.map { "\($0.name) (\(count($0.distinctValues)) distinct)" }.joined(separator: ", "))
        }
        lines.append("  rows repeating an earlier architecture: \(count(duplicateArchitectureRows))")
        if series.isEmpty {
            lines.append("latency series: none found")
        } else {
            lines.append("latency series (ms):")
            let width = Swift.max(6, series.map(\.name.count).max() ?? 0)
            let header = ["min", "median", "max", "values", "distinct", "dup. rows", "dup. differing"]
            lines.append("  " + "series".padding(toLength: width, withPad: " ", startingAt: 0) + header.map { pad($0, 11) }.joined())
            for entry in series {
                let cells = [
                    number(entry.min), number(entry.median), number(entry.max), count(entry.values), count(entry.distinctValues),
                    count(entry.duplicateRows), count(entry.duplicatesWithDifferingValues),
                ]
                lines.append("  " + entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + cells.map { pad($0, 11) }.joined())
            }
        }
        if flags.isEmpty {
            lines.append("flags: none")
        } else {
            lines.append("flags:")
            lines += flags.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(1, width - text.count)) + text
    }

    private func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.4f", value)
    }

    /// A count with thousands separators: 10000 -> "10,000".
    private func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }
}
