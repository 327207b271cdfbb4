/// A table in a ``ReportDocument``: titled columns with an alignment each, rows of cells, and an
/// optional caption.
public struct ReportTable: Sendable, Equatable {
    /// A column heading and how its cells align.
    public struct Column: Sendable, Equatable, ExpressibleByStringLiteral {
        /// The heading text.
        public var title: String
        /// The alignment; nil is right for numeric columns and left for text.
        public var alignment: ColumnAlignment?

        /// Creates a column titled `title`; nil alignment follows the cells.
        public init(_ title: String, alignment: ColumnAlignment? = nil) {
            self.title = title
            self.alignment = alignment
        }

        /// A column titled by a string literal, aligned by its cells.
        public init(stringLiteral value: String) { self.init(value) }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows of cells; a short row is padded with empty cells.
    public var rows: [[TableCell]]
    /// Text shown with the table (above it in Markdown, as `<caption>` in HTML), nil for none.
    public var caption: String?

    /// Creates a table of `columns` and `rows`.
    public init(columns: [Column], rows: [[TableCell]], caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
    }

    /// The alignment of each column: given, or natural for its cells.
    public var alignments: [ColumnAlignment] {
        columns.indices.map { column in
            columns[column].alignment ?? TableCell.naturalAlignment(rows.compactMap { column < $0.count ? $0[column] : nil })
        }
    }

    /// The rows as text, each exactly as wide as the columns (short rows padded with empty cells,
    /// extra cells dropped).
    public var formattedRows: [[String]] {
        TableCell.formatRows(rows).map { row in
            columns.indices.map { $0 < row.count ? row[$0] : "" }
        }
    }
}
