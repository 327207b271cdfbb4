/// Horizontal alignment of a table column.
public enum ColumnAlignment: String, Sendable, Equatable {
    case left, right, center

    /// `text` padded with spaces to `width` characters on the side(s) this alignment calls for.
    public func pad(_ text: String, to width: Int) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        switch self {
        case .left: return text + String(repeating: " ", count: missing)
        case .right: return String(repeating: " ", count: missing) + text
        case .center:
            let before = missing / 2
            return String(repeating: " ", count: before) + text + String(repeating: " ", count: missing - before)
        }
    }

    /// Every row of `rows` with each cell padded to its column's widest cell, each column aligned as
    /// `alignments` says (left where it says nothing). Rows shorter than the widest row get empty cells.
    public static func padded(_ rows: [[String]], alignments: [ColumnAlignment], minimumWidths: [Int] = []) -> [[String]] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = (0..<columns).map { $0 < minimumWidths.count ? minimumWidths[$0] : 0 }
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            (0..<columns).map { column in
                let alignment = column < alignments.count ? alignments[column] : .left
                return alignment.pad(column < row.count ? row[column] : "", to: widths[column])
            }
        }
    }
}
