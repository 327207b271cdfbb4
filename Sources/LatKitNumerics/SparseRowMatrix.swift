/// A Float64 sparse matrix in compressed-sparse-row form: the non-zeros of row `i` are
/// `values[rowOffsets[i] ..< rowOffsets[i + 1]]` in the columns `columnIndices[...]` of the same
/// range. A column may appear more than once in a row; its entries then add up.
///
/// Design matrices of additive latency models (operator counts per network) are of this kind:
/// thousands of columns, a few dozen non-zeros per row.
public struct SparseRowMatrix: Sendable, Equatable {
    /// A malformed matrix or a vector of the wrong length.
    public struct FormatError: Error, CustomStringConvertible {
        /// What is wrong, in one line.
        public let message: String
        /// The message as it is.
        public var description: String { message }
    }

    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `rows + 1` non-decreasing offsets, the first 0 and the last `values.count`.
    public let rowOffsets: [Int]
    /// Column of each stored value, in `0..<columns`.
    public let columnIndices: [Int]
    /// The stored values, row after row.
    public let values: [Double]

    /// Checks and wraps compressed rows.
    public init(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int], values: [Double]) throws {
        guard rows >= 0, columns >= 0 else { throw FormatError(message: "matrix sizes must be non-negative, got \(rows) x \(columns)") }
        guard rowOffsets.count == rows + 1, rowOffsets.first == 0, rowOffsets.last == values.count,
            columnIndices.count == values.count
        else {
            throw FormatError(
                message: "compressed rows need \(rows + 1) offsets from 0 to \(values.count) and one column index per value")
        }
        for row in 0..<rows where rowOffsets[row] > rowOffsets[row + 1] {
            throw FormatError(message: "row offsets decrease at row \(row)")
        }
        if let bad = columnIndices.firstIndex(where: { $0 < 0 || $0 >= columns }) {
            throw FormatError(message: "column index \(columnIndices[bad]) outside 0..<\(columns)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw FormatError(message: "value \(bad) is not finite (\(values[bad]))")
        }
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The non-zeros of a row-major dense matrix of `rows` x `columns` values.
    public init(dense: [Double], rows: Int, columns: Int) throws {
        guard dense.count == rows * columns else {
            throw FormatError(message: "a \(rows) x \(columns) matrix needs \(rows * columns) values, got \(dense.count)")
        }
        var offsets = [0]
        var indices: [Int] = []
        var values: [Double] = []
        for row in 0..<rows {
            for column in 0..<columns where dense[row * columns + column] != 0 {
                indices.append(column)
                values.append(dense[row * columns + column])
            }
            offsets.append(values.count)
        }
        try self.init(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
    }

    /// Number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// `A x` for a vector of `columns` values.
    public func multiply(_ x: [Double]) throws -> [Double] {
        guard x.count == columns else { throw FormatError(message: "A x needs \(columns) values in x, got \(x.count)") }
        var result = [Double](repeating: 0, count: rows)
        for row in 0..<rows {
            var sum = 0.0
            for entry in rowOffsets[row]..<rowOffsets[row + 1] { sum += values[entry] * x[columnIndices[entry]] }
            result[row] = sum
        }
        return result
    }

    /// `Aᵀ y` for a vector of `rows` values.
    public func transposeMultiply(_ y: [Double]) throws -> [Double] {
        guard y.count == rows else { throw FormatError(message: "Aᵀ y needs \(rows) values in y, got \(y.count)") }
        var result = [Double](repeating: 0, count: columns)
        for row in 0..<rows where y[row] != 0 {
            for entry in rowOffsets[row]..<rowOffsets[row + 1] { result[columnIndices[entry]] += values[entry] * y[row] }
        }
        return result
    }

    /// The transpose, itself in compressed rows (so the rows of the result are this matrix's columns).
    public func transposed() -> SparseRowMatrix {
        var offsets = [Int](repeating: 0, count: columns + 1)
        for column in columnIndices { offsets[column + 1] += 1 }
        for column in 0..<columns { offsets[column + 1] += offsets[column] }
        var next = offsets
        var indices = [Int](repeating: 0, count: values.count)
        var transposedValues = [Double](repeating: 0, count: values.count)
        for row in 0..<rows {
            for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                let slot = next[columnIndices[entry]]
                next[columnIndices[entry]] += 1
                indices[slot] = row
                transposedValues[slot] = values[entry]
            }
        }
        // Checked by construction: offsets span the values, indices lie in 0..<rows.
        return SparseRowMatrix(unchecked: columns, rows, offsets, indices, transposedValues)
    }

    private init(unchecked rows: Int, _ columns: Int, _ offsets: [Int], _ indices: [Int], _ values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.rowOffsets = offsets
        self.columnIndices = indices
        self.values = values
    }
}
