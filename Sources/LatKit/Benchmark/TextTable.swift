/// A table rendered as aligned plain text for terminals: a header line, a rule of dashes, then one
/// line a row; columns two spaces apart, numbers right-aligned with one precision per column (see
/// ``TableCell/formatColumn(_:)``), text left-aligned, no trailing spaces.
public struct TextTable: Sendable, Equatable {
    /// The table: its columns (titles and alignments) and rows. Captions are not printed.
    public var table: ReportTable

    /// Renders `table` as it is, with its own column alignments.
    public init(_ table: ReportTable) {
        self.table = table
    }

    /// A table of `headers` and `rows`; alignment follows the cells unless `alignments` says.
    public init(headers: [String], rows: [[TableCell]], alignments: [ColumnAlignment]? = nil) {
        let columns = headers.enumerated().map { index, title in
            ReportTable.Column(title, alignment: alignments.flatMap { index < $0.count ? $0[index] : nil })
        }
        self.table = ReportTable(columns: columns, rows: rows)
    }

    /// The table as text, each line ended by a line break.
    public func render() -> String {
        let header = table.columns.map(\.title)
        let padded = ColumnAlignment.padded([header] + table.formattedRows, alignments: table.alignments)
        let widths = padded.first?.map(\.count) ?? []
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([padded[0], rule] + padded.dropFirst()).map { line in
            var text = line.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }.joined()
    }
}
