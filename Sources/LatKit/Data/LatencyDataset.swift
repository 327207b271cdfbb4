/// What to read from a latency file.
public struct LatencyDatasetOptions: Sendable, Equatable {
    /// The latency column. nil: `latency_ms` for the long and paper layouts; for a wide file
    /// `latency_ms` if present, else its only series column (several series need a name).
    public var target: String?
    /// The layout, nil to detect it from the header (`LatencyLayout.detect`).
    public var layout: LatencyLayout?
    /// Long layout: keep only rows whose `device` column equals this.
    public var device: String?
    /// Long layout: keep only rows whose `batch_size` equals this.
    public var batchSize: Int?
    /// Skip rows with a bad latency or architecture instead of failing (they are counted and the
    /// first reasons kept in `LatencyDataset.problems`).
    public var skipBadRows: Bool
    /// How many skip reasons to keep.
    public var reasonLimit: Int

    /// Creates options; the defaults detect the layout, pick the default target and fail on the first bad row.
    public init(
        target: String? = nil, layout: LatencyLayout? = nil, device: String? = nil, batchSize: Int? = nil,
        skipBadRows: Bool = false, reasonLimit: Int = 5
    ) {
        self.target = target
        self.layout = layout
        self.device = device
        self.batchSize = batchSize
        self.skipBadRows = skipBadRows
        self.reasonLimit = reasonLimit
    }
}

/// A latency data set read from CSV: canonical architectures of one search space with one target
/// latency (ms) each, in file order, and the file line of every row.
///
/// Nothing is dropped silently: without `skipBadRows` the first bad row is an error
/// (`file:line: message`); with it, bad rows are counted in `problems`. Rows left out by the long
/// layout's device/batch filter are not problems.
public struct LatencyDataset: Sendable {
    /// The file read.
    public let source: String
    /// Its layout.
    public let layout: LatencyLayout
    /// The search space's name.
    public let searchSpace: String
    /// The column the targets come from.
    public let targetColumn: String
    /// Canonical architecture per row.
    public private(set) var architectures: [String]
    /// Latency (ms) per row, finite and positive.
    public private(set) var targets: [Double]
    /// 1-based file line per row.
    public private(set) var lines: [Int]
    /// Long layout: the `device` column per row (nil for other layouts).
    public private(set) var deviceIDs: [String]?
    /// Long layout: the `batch_size` column per row, nil where the cell is empty (not stated).
    public private(set) var batchSizes: [Int?]?
    /// Rows skipped with `skipBadRows`.
    public let problems: RowProblems

    /// Number of rows.
    public var count: Int { targets.count }

    /// Reads `path`.
    public static func load(path: String, space: SearchSpace, options: LatencyDatasetOptions = .init()) throws -> LatencyDataset {
        try LatencyDataset(table: try CSVTable.read(path: path), space: space, options: options)
    }

    /// Reads a parsed table.
    public init(table: CSVTable, space: SearchSpace, options: LatencyDatasetOptions = .init()) throws {
        let layout = options.layout ?? LatencyLayout.detect(header: table.header)
        let target = try LatencyDataset.targetColumn(table: table, layout: layout, space: space, requested: options.target)
        let targetIndex = try table.requireColumn(target, purpose: "target")
        if space.architectureColumns.contains(target) {
            throw DataError(file: table.source, line: 1, "target column '\(target)' is an architecture column of '\(space.name)'")
        }
        var problems = RowProblems(limit: options.reasonLimit)
        let skip = options.skipBadRows

        var rows: [Int] = []
        var deviceOf = [String](repeating: "", count: layout == .long ? table.rowCount : 0)
        var batchOf = [Int?](repeating: nil, count: layout == .long ? table.rowCount : 0)
        var values = [Double](repeating: 0, count: table.rowCount)
        rows.reserveCapacity(table.rowCount)
        let longColumns: (device: Int, batch: Int)? =
            layout == .long
            ? (try table.requireColumn("device", purpose: "long layout"), try table.requireColumn("batch_size", purpose: "long layout"))
            : nil
        if layout != .long, options.device != nil || options.batchSize != nil {
            throw DataError(
                file: table.source, line: nil, "a device or batch-size filter needs the long layout (device, batch_size columns)")
        }
        var seenDevices: Set<String> = []
        var seenBatches: Set<String> = []
        for row in 0..<table.rowCount {
            let line = table.line(ofRow: row)
            if let longColumns {
                let device = table.string(row: row, column: longColumns.device)
                let batchText = table.string(row: row, column: longColumns.batch)
                seenDevices.insert(device)
                if !batchText.isEmpty { seenBatches.insert(batchText) }
                if let wanted = options.device, device != wanted { continue }
                var batch: Int? = nil
                if !batchText.isEmpty {
                    guard let parsed = Int(batchText.trimmedSpaces), parsed > 0 else {
                        try problems.refuse(
                            DataError(file: table.source, line: line, "column 'batch_size': '\(batchText)' is not a positive whole number"),
                            skip: skip)
                        continue
                    }
                    batch = parsed
                }
                if let wanted = options.batchSize, batch != wanted { continue }
                deviceOf[row] = device
                batchOf[row] = batch
            }
            let cell = LatencyCell(table, row: row, column: targetIndex)
            if let problem = cell.problem(column: target, text: table.string(row: row, column: targetIndex)) {
                try problems.refuse(DataError(file: table.source, line: line, problem), skip: skip)
                continue
            }
            values[row] = cell.value ?? 0
            rows.append(row)
        }
        if rows.isEmpty, options.device != nil || options.batchSize != nil {
            let devices = seenDevices.sorted().joined(separator: ", ")
            let batches = seenBatches.sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }.joined(separator: ", ")
            throw DataError(
                file: table.source, line: nil,
                "no rows match device \(options.device ?? "any") and batch size \(options.batchSize.map(String.init) ?? "any") (devices: \(devices); batch sizes: \(batches))"
            )
        }

        let canonical = try ArchitectureReader.canonical(table: table, rows: rows, space: space, skip: skip, problems: &problems)
        let kept = zip(rows, canonical).compactMap { row, arch in arch.map { (row, $0) } }
        if kept.isEmpty {
            let why = problems.isEmpty ? "the file has no data rows" : "every row was refused; \(problems.summary)"
            throw DataError(file: table.source, line: nil, "no usable rows: \(why)")
        }
        self.source = table.source
        self.layout = layout
        self.searchSpace = space.name
        self.targetColumn = target
        self.architectures = kept.map(\.1)
        self.targets = kept.map { values[$0.0] }
        self.lines = kept.map { table.line(ofRow: $0.0) }
        self.deviceIDs = longColumns == nil ? nil : kept.map { deviceOf[$0.0] }
        self.batchSizes = longColumns == nil ? nil : kept.map { batchOf[$0.0] }
        self.problems = problems
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LatencyDataset {
        var copy = self
        copy.architectures = indices.map { architectures[$0] }
        copy.targets = indices.map { targets[$0] }
        copy.lines = indices.map { lines[$0] }
        copy.deviceIDs = deviceIDs.map { ids in indices.map { ids[$0] } }
        copy.batchSizes = batchSizes.map { sizes in indices.map { sizes[$0] } }
        return copy
    }

    /// The rows at `indices` as an estimator batch with architectures and targets (the host's
    /// `BatchPreparer` adds the other views).
    public func batch(_ indices: [Int]? = nil) -> ArchitectureBatch {
        let rows = indices ?? Array(0..<count)
        return ArchitectureBatch(
            searchSpace: searchSpace, count: rows.count, architectures: rows.map { architectures[$0] },
            targets: rows.map { targets[$0] })
    }

    private static func targetColumn(table: CSVTable, layout: LatencyLayout, space: SearchSpace, requested: String?) throws -> String {
        if let requested { return requested }
        if layout != .wide || table.columnIndex("latency_ms") != nil { return "latency_ms" }
        let series = LatencyColumns.series(table, architectureColumns: space.architectureColumns)
        if series.count == 1 { return series[0] }
        throw DataError(
            file: table.source, line: 1,
            "wide layout with \(series.count) latency columns: choose the target column (one of: \(series.joined(separator: ", ")))")
    }
}
