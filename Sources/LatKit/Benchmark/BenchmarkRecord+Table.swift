extension BenchmarkRecord {
    /// The columns a record table shows unless told otherwise.
    public static let defaultTableColumns: [CodingKeys] = [
        .estimator, .nTrain, .nTest, .rmseMs, .maeMs, .mapePct, .within10Pct, .spearman, .kendall, .fitSeconds,
        .predictUsPerArch,
    ]

    /// The value of field `key` as a table cell (missing for an optional field that is not set;
    /// options as `key=value` pairs in key order).
    public func cell(_ key: CodingKeys) -> TableCell {
        if let path = Self.metrics.first(where: { $0.key == key })?.value { return .number(self[keyPath: path]) }
        switch key {
        case .estimator: return .text(estimator)
        case .nTrain: return .integer(nTrain)
        case .nTest: return .integer(nTest)
        case .dataset: return dataset.map(TableCell.text) ?? .missing
        case .target: return target.map(TableCell.text) ?? .missing
        case .split: return split.map(TableCell.text) ?? .missing
        case .seed: return seed.map { .text(String($0)) } ?? .missing
        case .space: return space.map(TableCell.text) ?? .missing
        case .options:
            guard let options else { return .missing }
            return .text(options.keys.sorted().map { "\($0)=\(options[$0] ?? "")" }.joined(separator: ","))
        default: return .missing
        }
    }
}

extension ReportTable {
    /// A table of `records`, one row each, with `columns` headed by their JSON keys.
    public static func records(
        _ records: [BenchmarkRecord], columns: [BenchmarkRecord.CodingKeys] = BenchmarkRecord.defaultTableColumns,
        caption: String? = nil
    ) -> ReportTable {
        let seedColumn = columns.firstIndex(of: .seed)
        return ReportTable(
            columns: columns.enumerated().map { Column($1.rawValue, alignment: $0 == seedColumn ? .right : nil) },
            rows: records.map { record in columns.map { record.cell($0) } },
            caption: caption)
    }
}
