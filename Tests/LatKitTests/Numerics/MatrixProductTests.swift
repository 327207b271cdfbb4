import LatKitNumerics
import LatKitRandom
import XCTest

/// `Matrix.multiply` (cblas_sgemm) against a naive triple loop, for every transposition.
final class MatrixProductTests: XCTestCase {
    func random(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(generator.double() * 2 - 1) })
    }

    func naive(_ a: Matrix, _ ta: Transposition, _ b: Matrix, _ tb: Transposition) -> Matrix {
        let left = ta == .none ? a : a.transposed()
        let right = tb == .none ? b : b.transposed()
        var c = Matrix(rows: left.rows, columns: right.columns)
        for i in 0..<left.rows {
            for j in 0..<right.columns {
                var sum = 0.0
                for k in 0..<left.columns { sum += Double(left[i, k]) * Double(right[k, j]) }
                c[i, j] = Float(sum)
            }
        }
        return c
    }

    func testProductsMatchNaiveForAllTranspositions() {
        var generator = SeededGenerator(seed: 11)
        let (m, k, n) = (7, 13, 5)
        for ta in [Transposition.none, .transposed] {
            for tb in [Transposition.none, .transposed] {
                let a = ta == .none ? random(m, k, &generator) : random(k, m, &generator)
                let b = tb == .none ? random(k, n, &generator) : random(n, k, &generator)
                let expected = naive(a, ta, b, tb)
                let product = Matrix.product(a, ta, b, tb)
                XCTAssertEqual(product.rows, m)
                XCTAssertEqual(product.columns, n)
                for (x, y) in zip(product.values, expected.values) { XCTAssertEqual(x, y, accuracy: 1e-5) }

                // alpha and beta: c = 2 op(a) op(b) + 0.5 c
                var c = random(m, n, &generator)
                let before = c
                Matrix.multiply(a, ta, b, tb, into: &c, alpha: 2, beta: 0.5)
                for index in c.values.indices {
                    XCTAssertEqual(c.values[index], 2 * expected.values[index] + 0.5 * before.values[index], accuracy: 1e-5)
                }
            }
        }
    }

    func testKnownSmallProductAndGather() {
        let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, columns: 2, values: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(Matrix.product(a, b).values, [58, 64, 139, 154])
        XCTAssertEqual(a.gathering(rows: [1, 0, 1]).values, [4, 5, 6, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(a.transposed().values, [1, 4, 2, 5, 3, 6])
    }
}
