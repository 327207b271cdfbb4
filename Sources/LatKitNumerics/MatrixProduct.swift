import COpenBLAS

/// Whether a matrix operand enters a product as it is or transposed.
public enum Transposition: Sendable {
    case none
    case transposed

    var blas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
    /// `c = alpha * op(a) * op(b) + beta * c` with OpenBLAS `cblas_sgemm`, where `op` transposes an
    /// operand when asked. `c` must already have the product's shape.
    public static func multiply(
        _ a: Matrix, _ transposeA: Transposition, _ b: Matrix, _ transposeB: Transposition, into c: inout Matrix, alpha: Float = 1,
        beta: Float = 0
    ) {
        let m = transposeA == .none ? a.rows : a.columns
        let k = transposeA == .none ? a.columns : a.rows
        let kb = transposeB == .none ? b.rows : b.columns
        let n = transposeB == .none ? b.columns : b.rows
        precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
        precondition(c.rows == m && c.columns == n, "product is \(m) x \(n), target is \(c.rows) x \(c.columns)")
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for index in c.values.indices { c.values[index] *= beta }
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, transposeA.blas, transposeB.blas, Int32(m), Int32(n), Int32(k), alpha,
                        pa.baseAddress, Int32(max(a.columns, 1)), pb.baseAddress, Int32(max(b.columns, 1)), beta,
                        pc.baseAddress, Int32(max(c.columns, 1)))
                }
            }
        }
    }

    /// `op(a) * op(b)` as a new matrix.
    public static func product(_ a: Matrix, _ transposeA: Transposition, _ b: Matrix, _ transposeB: Transposition) -> Matrix {
        let m = transposeA == .none ? a.rows : a.columns
        let n = transposeB == .none ? b.columns : b.rows
        var c = Matrix(rows: m, columns: n)
        multiply(a, transposeA, b, transposeB, into: &c)
        return c
    }

    /// `a * b` as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix) -> Matrix { product(a, .none, b, .none) }
}
