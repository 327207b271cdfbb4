import LatKitNumerics
import LatKitRandom
import XCTest

/// Non-negative least squares on problems with known answers, and its optimality conditions.
final class NonNegativeLeastSquaresTests: XCTestCase {
    /// A random sparse matrix: each row has `perRow` entries in distinct random columns, values in 0.5...2.
    private func sparseMatrix(rows: Int, columns: Int, perRow: Int, seed: UInt64) throws -> SparseRowMatrix {
        var generator = SeededGenerator(seed: seed)
        var offsets = [0]
        var indices: [Int] = []
        var values: [Double] = []
        for _ in 0..<rows {
            var chosen = Set<Int>()
            while chosen.count < perRow { chosen.insert(generator.int(below: columns)) }
            for column in chosen.sorted() {
                indices.append(column)
                values.append(0.5 + 1.5 * generator.double())
            }
            offsets.append(values.count)
        }
        return try SparseRowMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
    }

    /// Checks x ≥ 0 and the KKT conditions: w = Aᵀ(b − Ax) ≤ tol everywhere, |w| ≤ tol where x > 0.
    private func assertOptimal(
        _ a: SparseRowMatrix, _ b: [Double], _ x: [Double], tolerance: Double, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertTrue(x.allSatisfy { $0 >= 0 }, "negative coefficient", file: file, line: line)
        let fitted = try a.multiply(x)
        let w = try a.transposeMultiply(zip(b, fitted).map { $0 - $1 })
        for (column, value) in w.enumerated() {
            XCTAssertLessThanOrEqual(value, tolerance, "column \(column) could still lower the residual", file: file, line: line)
            if x[column] > 0 { XCTAssertEqual(value, 0, accuracy: tolerance, "column \(column)", file: file, line: line) }
        }
    }

    func testRecoversAKnownNonNegativeSolution() throws {
        let a = try sparseMatrix(rows: 600, columns: 200, perRow: 12, seed: 7)
        var generator = SeededGenerator(seed: 11)
        // A third of the true coefficients are exactly zero.
        let truth = (0..<200).map { _ in generator.int(below: 3) == 0 ? 0 : 0.1 + generator.double() }
        let b = try a.multiply(truth)
        let solution = try NonNegativeLeastSquares.solve(a, b)
        XCTAssertTrue(solution.converged)
        for (found, expected) in zip(solution.coefficients, truth) { XCTAssertEqual(found, expected, accuracy: 1e-9) }
        XCTAssertLessThan(solution.residualNorm, 1e-9)
        XCTAssertEqual(solution.coefficients.filter { $0 > 1e-9 }.count, truth.filter { $0 > 0 }.count)
    }

    func testClassicSingleColumnEntryGivesTheSameSolution() throws {
        let a = try sparseMatrix(rows: 300, columns: 80, perRow: 8, seed: 3)
        var generator = SeededGenerator(seed: 5)
        let b = (0..<300).map { _ in generator.normal() + 1 }
        let blocked = try NonNegativeLeastSquares.solve(a, b)
        let classic = try NonNegativeLeastSquares.solve(a, b, options: .init(maxBlock: 1))
        XCTAssertTrue(blocked.converged && classic.converged)
        for (first, second) in zip(blocked.coefficients, classic.coefficients) { XCTAssertEqual(first, second, accuracy: 1e-9) }
        try assertOptimal(a, b, blocked.coefficients, tolerance: 1e-8)
    }

    func testRespectsTheConstraintWhereUnconstrainedLeastSquaresGoesNegative() throws {
        // Identity: the unconstrained solution is b itself; NNLS clips the negative entry to 0.
        let identity = try SparseRowMatrix(dense: [1, 0, 0, 0, 1, 0, 0, 0, 1], rows: 3, columns: 3)
        XCTAssertEqual(try NonNegativeLeastSquares.solve(identity, [1, -2, 3]).coefficients, [1, 0, 3])

        // Noisy random targets with a negative trend: many coefficients at the bound, KKT holds.
        let a = try sparseMatrix(rows: 400, columns: 120, perRow: 10, seed: 21)
        var generator = SeededGenerator(seed: 22)
        let b = (0..<400).map { _ in generator.normal() }
        let solution = try NonNegativeLeastSquares.solve(a, b)
        XCTAssertTrue(solution.converged)
        XCTAssertGreaterThan(solution.coefficients.filter { $0 == 0 }.count, 10)
        try assertOptimal(a, b, solution.coefficients, tolerance: 1e-8)
    }

    func testHandCheckedTwoColumnProblem() throws {
        // A = [[1, 1], [1, 2], [1, 3]], b = [3, 2, 1]: unconstrained x = (4, -1); NNLS puts the slope at 0
        // and the intercept at the mean 2.
        let a = try SparseRowMatrix(dense: [1, 1, 1, 2, 1, 3], rows: 3, columns: 2)
        let solution = try NonNegativeLeastSquares.solve(a, [3, 2, 1])
        XCTAssertEqual(solution.coefficients[0], 2, accuracy: 1e-12)
        XCTAssertEqual(solution.coefficients[1], 0)
        XCTAssertEqual(solution.residualNorm, 2.0.squareRoot(), accuracy: 1e-12)
    }

    func testCollinearColumnsShareTheirValue() throws {
        // Columns 0 and 1 are identical (two operators that always occur together).
        let a = try SparseRowMatrix(dense: [1, 1, 2, 1, 1, 0, 1, 1, 1, 2, 2, 3], rows: 4, columns: 3)
        let truth = [0.4, 0.6, 1.5]
        let solution = try NonNegativeLeastSquares.solve(a, try a.multiply(truth))
        XCTAssertTrue(solution.converged)
        XCTAssertEqual(solution.coefficients[0] + solution.coefficients[1], 1.0, accuracy: 1e-10)
        XCTAssertEqual(solution.coefficients[2], 1.5, accuracy: 1e-10)
    }

    func testRidgeShrinksTowardsZero() throws {
        let identity = try SparseRowMatrix(dense: [1, 0, 0, 1], rows: 2, columns: 2)
        let solution = try NonNegativeLeastSquares.solve(identity, [2, 4], options: .init(ridge: 1))
        XCTAssertEqual(solution.coefficients[0], 1, accuracy: 1e-12)
        XCTAssertEqual(solution.coefficients[1], 2, accuracy: 1e-12)
    }

    func testRejectsMismatchedInput() throws {
        let identity = try SparseRowMatrix(dense: [1, 0, 0, 1], rows: 2, columns: 2)
        XCTAssertThrowsError(try NonNegativeLeastSquares.solve(identity, [1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("b has 3 values, A has 2 rows"), "\(error)")
        }
        XCTAssertThrowsError(try NonNegativeLeastSquares.solve(identity, [1, .nan]))
        XCTAssertThrowsError(try SparseRowMatrix(rows: 1, columns: 2, rowOffsets: [0, 1], columnIndices: [2], values: [1])) { error in
            XCTAssertTrue("\(error)".contains("column index 2 outside 0..<2"), "\(error)")
        }
    }
}
