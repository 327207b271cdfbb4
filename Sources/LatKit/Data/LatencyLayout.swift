/// How a latency file is laid out. The architecture columns are the search space's
/// (`SearchSpace.architectureColumns`); the layouts differ in where the latencies are.
public enum LatencyLayout: String, Codable, Sendable, CaseIterable {
    /// One row per architecture and one latency column per device series, e.g. HELP's
    /// `arch_id,ks,e,d,r,2080ti_bs1,...` or the combined paper file `row,ks,e,d,r,rtx_2080_ti_ms,...`.
    /// The target column must be named unless there is only one series (or one is `latency_ms`).
    case wide
    /// One row per (architecture, device, batch size): `device`, `batch_size` and `latency_ms`
    /// columns (HELP's `latency.csv`). Rows can be filtered by device and batch size.
    case long
    /// The OFANAS paper files: `row,ks,e,d,r,latency_ms`, one device per file, `row` = the 0-based
    /// position in the source file.
    case paper

    /// The layout a header suggests: `long` with `device` and `batch_size` columns, `paper` with
    /// `row` and `latency_ms` columns, otherwise `wide`.
    public static func detect(header: [String]) -> LatencyLayout {
        let names = Set(header)
        if names.contains("device") && names.contains("batch_size") { return .long }
        if names.contains("row") && names.contains("latency_ms") { return .paper }
        return .wide
    }
}

/// Which columns of a latency file are what, by name and content.
enum LatencyColumns {
    /// Row ids, device and bookkeeping columns: neither architecture nor latency.
    static let bookkeeping: Set<String> = [
        "row", "index", "id", "arch_id", "arch_index", "device", "hw_id", "batch_size", "first_row", "n_rows",
        "n_resolutions_labelled",
    ]

    /// Names that hold (part of) an architecture in the shipped files, used when no search space
    /// says which columns it reads.
    static let architectureNames: Set<String> = [
        "ks", "e", "d", "r", "w", "r_measured", "resolution", "arch", "architecture", "arch_str", "op_idx", "blocks",
    ]

    /// Whether the first (up to 50) non-empty cells of `column` are all numbers.
    static func looksNumeric(_ table: CSVTable, column: Int) -> Bool {
        var seen = 0
        for row in 0..<table.rowCount where !table.isEmpty(row: row, column: column) {
            if case .invalid = table.number(row: row, column: column) { return false }
            seen += 1
            if seen == 50 { break }
        }
        return seen > 0
    }

    /// Latency series columns: numeric columns that are neither bookkeeping nor architecture columns.
    static func series(_ table: CSVTable, architectureColumns: [String]) -> [String] {
        let excluded = bookkeeping.union(architectureColumns).union(architectureColumns.isEmpty ? architectureNames : [])
        return table.header.enumerated().filter { !excluded.contains($0.element) && looksNumeric(table, column: $0.offset) }
            .map(\.element)
    }

    /// Without a search space: the known architecture names plus every non-numeric column that is
    /// not bookkeeping (for example `arch_str` or `blocks`).
    static func guessedArchitecture(_ table: CSVTable) -> [String] {
        table.header.enumerated().filter { column in
            guard !bookkeeping.contains(column.element) else { return false }
            return architectureNames.contains(column.element) || !looksNumeric(table, column: column.offset)
        }.map(\.element)
    }
}
