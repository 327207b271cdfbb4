/// A dense row-major float32 matrix: element (r, c) is `values[r * columns + c]`.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public let columns: Int
    /// `rows * columns` values, row after row.
    public var values: [Float]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major values; `values.count` must be `rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "a \(rows) x \(columns) matrix needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix copied from a row-major buffer of `rows * columns` values.
    public init(rows: Int, columns: Int, copying buffer: UnsafeBufferPointer<Float>) {
        precondition(buffer.count >= rows * columns, "buffer holds fewer than rows x columns values")
        self.init(rows: rows, columns: columns, values: Array(buffer.prefix(rows * columns)))
    }

    /// Element (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// Row `index` as a new array.
    public func row(_ index: Int) -> [Float] { Array(values[(index * columns)..<((index + 1) * columns)]) }

    /// The rows at `indices`, in that order.
    public func gathering(rows indices: some Collection<Int>) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        gather(rows: indices, into: &result)
        return result
    }

    /// Copies the rows at `indices` into the first `indices.count` rows of `target` (same columns).
    public func gather(rows indices: some Collection<Int>, into target: inout Matrix) {
        precondition(target.columns == columns && target.rows >= indices.count, "gather target has the wrong shape")
        let width = columns
        values.withUnsafeBufferPointer { source in
            target.values.withUnsafeMutableBufferPointer { destination in
                var offset = 0
                for index in indices {
                    precondition(index >= 0 && index < rows, "row \(index) out of range 0..<\(rows)")
                    (destination.baseAddress! + offset).update(from: source.baseAddress! + index * width, count: width)
                    offset += width
                }
            }
        }
    }

    /// Rows `range` as a new matrix.
    public func slicing(rows range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns, values: Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The columns of `self` followed by those of `other` (same number of rows).
    public func appendingColumns(_ other: Matrix) -> Matrix {
        precondition(other.rows == rows, "cannot join a \(rows)-row matrix with a \(other.rows)-row one")
        var result = Matrix(rows: rows, columns: columns + other.columns)
        for row in 0..<rows {
            for column in 0..<columns { result[row, column] = self[row, column] }
            for column in 0..<other.columns { result[row, columns + column] = other[row, column] }
        }
        return result
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for row in 0..<rows {
            for column in 0..<columns { result[column, row] = self[row, column] }
        }
        return result
    }

    /// Changes the number of rows, keeping the first rows' values (used to reuse workspaces for a
    /// smaller last batch); capacity is kept.
    public mutating func resize(rows newRows: Int) {
        precondition(newRows >= 0, "rows must not be negative")
        if newRows * columns < values.count {
            values.removeLast(values.count - newRows * columns)
        } else if newRows * columns > values.count {
            values.append(contentsOf: repeatElement(0, count: newRows * columns - values.count))
        }
        rows = newRows
    }
}
