import COpenBLAS

/// Ridge (L2-penalised) least squares `y ~ X w + b`, solved in Float64 through the normal
/// equations `(Z^T Z + lambda D) w = Z^T (y - mean y)` on the centred (and optionally
/// standardised) columns Z, with a blocked Cholesky factorisation. The intercept is not
/// penalised, and neither are the columns a sparse fit names `unpenalized` (D lambda is the
/// identity times lambda with those diagonal entries at 1e-12 max(1, their Z^T Z diagonal)
/// instead, whatever lambda: a guard that keeps a constant column solvable). Meant for up to a few thousand columns (the Gram matrix is columns^2 doubles).
public struct RidgeRegression: Equatable, Sendable {
    /// One weight per column of the original (unstandardised) features.
    public var weights: [Double]
    /// The intercept.
    public var intercept: Double
    /// The penalty the model was fitted with.
    public var lambda: Double

    /// Wraps fitted (or saved) weights, intercept and penalty.
    public init(weights: [Double], intercept: Double, lambda: Double) {
        self.weights = weights
        self.intercept = intercept
        self.lambda = lambda
    }

    /// Fits with one penalty.
    public static func fit(features: Matrix, targets: [Double], lambda: Double, standardize: Bool = false) throws -> RidgeRegression {
        try NormalEquations(features: features, targets: targets, standardize: standardize).solve(lambda: lambda)
    }

    /// Fits with each penalty of `lambdas` and keeps the one with the smallest RMSE on `validation`;
    /// returns that model and the validation RMSE of every penalty, in order.
    public static func fit(
        features: Matrix, targets: [Double], lambdas: [Double], validation: (features: Matrix, targets: [Double]),
        standardize: Bool = false
    ) throws -> (model: RidgeRegression, validationRMSE: [Double]) {
        try choose(
            NormalEquations(features: features, targets: targets, standardize: standardize), lambdas: lambdas,
            validationTargets: validation.targets
        ) { $0.predict(validation.features) }
    }

    /// Solves `equations` with each penalty and keeps the one whose `predictions` on the validation
    /// rows have the smallest RMSE.
    private static func choose(
        _ equations: NormalEquations, lambdas: [Double], validationTargets: [Double], predictions: (RidgeRegression) throws -> [Double]
    ) throws -> (model: RidgeRegression, validationRMSE: [Double]) {
        guard !lambdas.isEmpty else { throw NumericsError.shape("no ridge penalties to choose from") }
        var best: (model: RidgeRegression, rmse: Double)?
        var scores: [Double] = []
        var failure: Error?
        for lambda in lambdas {
            // A penalty too small for a rank-deficient design cannot be factored: skip it (its
            // score is infinite) rather than fail the whole fit.
            let model: RidgeRegression
            do {
                model = try equations.solve(lambda: lambda)
            } catch {
                failure = error
                scores.append(.infinity)
                continue
            }
            let rmse = rootMeanSquaredError(try predictions(model), validationTargets)
            scores.append(rmse)
            if best == nil || rmse < best!.rmse { best = (model, rmse) }
        }
        guard let best else { throw failure ?? NumericsError.shape("no ridge penalty could be fitted") }
        return (best.model, scores)
    }

    /// Fits with each penalty of `lambdas` on a sparse design (see `NormalEquations.init(design:)`)
    /// and keeps the one with the smallest RMSE on `validation`.
    /// Columns listed in `unpenalized` are fitted without penalty (like the intercept), so that a
    /// heavy penalty leaves the model a least-squares fit in those columns.
    public static func fit(
        design: SparseRowMatrix, targets: [Double], lambdas: [Double], validation: (design: SparseRowMatrix, targets: [Double]),
        standardize: Bool = false, unpenalized: [Int] = []
    ) throws -> (model: RidgeRegression, validationRMSE: [Double]) {
        try choose(
            NormalEquations(design: design, targets: targets, standardize: standardize, unpenalized: unpenalized), lambdas: lambdas,
            validationTargets: validation.targets
        ) { try $0.predict(validation.design) }
    }

    /// Fits a sparse design with one penalty (not applied to the `unpenalized` columns).
    public static func fit(
        design: SparseRowMatrix, targets: [Double], lambda: Double, standardize: Bool = false, unpenalized: [Int] = []
    ) throws -> RidgeRegression {
        try NormalEquations(design: design, targets: targets, standardize: standardize, unpenalized: unpenalized).solve(lambda: lambda)
    }

    /// One prediction per row of a sparse design.
    public func predict(_ design: SparseRowMatrix) throws -> [Double] {
        guard design.columns == weights.count else {
            throw NumericsError.shape("ridge model has \(weights.count) columns, the design \(design.columns)")
        }
        return try design.multiply(weights).map { $0 + intercept }
    }

    /// One prediction per row of `features`.
    public func predict(_ features: Matrix) -> [Double] {
        precondition(features.columns == weights.count, "ridge model has \(weights.count) columns, features \(features.columns)")
        var result = [Double](repeating: intercept, count: features.rows)
        let columns = features.columns
        features.values.withUnsafeBufferPointer { values in
            weights.withUnsafeBufferPointer { w in
                for row in 0..<features.rows {
                    var sum = 0.0
                    let base = row * columns
                    for column in 0..<columns where values[base + column] != 0 { sum += Double(values[base + column]) * w[column] }
                    result[row] += sum
                }
            }
        }
        return result
    }
}

/// Root mean squared difference of two equally long arrays.
public func rootMeanSquaredError(_ predictions: [Double], _ targets: [Double]) -> Double {
    precondition(predictions.count == targets.count, "predictions and targets differ in length")
    guard !targets.isEmpty else { return 0 }
    var sum = 0.0
    for index in targets.indices { sum += (predictions[index] - targets[index]) * (predictions[index] - targets[index]) }
    return (sum / Double(targets.count)).squareRoot()
}

/// The Gram matrix and right-hand side of a ridge problem, built once and solved for any penalty.
struct NormalEquations {
    let columns: Int
    let means: [Double]
    let scales: [Double]
    let targetMean: Double
    /// Upper triangle of Z^T Z, row-major columns x columns.
    let gram: [Double]
    /// Z^T (y - mean y).
    let moment: [Double]
    /// Per column whether the penalty applies to it (false: an unpenalized column).
    var penalized: [Bool]

    init(features: Matrix, targets: [Double], standardize: Bool) throws {
        let rows = features.rows
        columns = features.columns
        guard rows == targets.count else {
            throw NumericsError.shape("ridge: \(rows) feature rows but \(targets.count) targets")
        }
        guard rows > 0, columns > 0 else { throw NumericsError.shape("ridge needs at least one row and one column") }
        var means = [Double](repeating: 0, count: columns)
        var squares = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = Double(features.values[row * columns + column])
                means[column] += value
                squares[column] += value * value
            }
        }
        var scales = [Double](repeating: 1, count: columns)
        for column in 0..<columns {
            means[column] /= Double(rows)
            let variance = squares[column] / Double(rows) - means[column] * means[column]
            if standardize && variance > 1e-12 { scales[column] = variance.squareRoot() }
        }
        var centred = [Double](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                centred[row * columns + column] = (Double(features.values[row * columns + column]) - means[column]) / scales[column]
            }
        }
        let targetMean = targets.reduce(0, +) / Double(rows)
        let residual = targets.map { $0 - targetMean }
        var gram = [Double](repeating: 0, count: columns * columns)
        var moment = [Double](repeating: 0, count: columns)
        let n = Int32(columns)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, Int32(rows), 1, centred, n, 0, &gram, n)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(rows), n, 1, centred, n, residual, 1, 0, &moment, 1)
        self.means = means
        self.scales = scales
        self.targetMean = targetMean
        self.gram = gram
        self.moment = moment
        penalized = [Bool](repeating: true, count: columns)
    }

    /// The same equations from a sparse design, never densified: Xᵀ X and Xᵀ y are accumulated
    /// from each row's non-zeros (O(rows · non-zeros²)), then centred with the rank-one
    /// correction Xᵀ X − n μ μᵀ (and scaled by the column deviations when `standardize`).
    init(design: SparseRowMatrix, targets: [Double], standardize: Bool, unpenalized: [Int] = []) throws {
        let rows = design.rows
        let size = design.columns
        guard unpenalized.allSatisfy({ (0..<size).contains($0) }) else {
            throw NumericsError.shape("ridge: an unpenalized column lies outside the design's \(size) columns")
        }
        guard rows == targets.count else {
            throw NumericsError.shape("ridge: \(rows) design rows but \(targets.count) targets")
        }
        guard rows > 0, size > 0 else { throw NumericsError.shape("ridge needs at least one row and one column") }
        let targetMean = targets.reduce(0, +) / Double(rows)
        var gram = [Double](repeating: 0, count: size * size)
        var moment = [Double](repeating: 0, count: size)
        var sums = [Double](repeating: 0, count: size)
        design.columnIndices.withUnsafeBufferPointer { columns in
            design.values.withUnsafeBufferPointer { values in
                gram.withUnsafeMutableBufferPointer { gram in
                    for row in 0..<rows {
                        let start = design.rowOffsets[row]
                        let end = design.rowOffsets[row + 1]
                        let residual = targets[row] - targetMean
                        for a in start..<end {
                            let (i, value) = (columns[a], values[a])
                            sums[i] += value
                            moment[i] += value * residual
                            gram[i * size + i] += value * value
                            for b in (a + 1)..<end {
                                let j = columns[b]
                                // A column repeated within a row adds both cross terms to its diagonal.
                                if i == j {
                                    gram[i * size + i] += 2 * value * values[b]
                                } else {
                                    gram[min(i, j) * size + max(i, j)] += value * values[b]
                                }
                            }
                        }
                    }
                }
            }
        }
        let count = Double(rows)
        let means = sums.map { $0 / count }
        var scales = [Double](repeating: 1, count: size)
        for column in 0..<size {
            let variance = gram[column * size + column] / count - means[column] * means[column]
            if standardize && variance > 1e-12 { scales[column] = variance.squareRoot() }
        }
        for i in 0..<size {
            // moment already holds Xᵀ (y − ȳ) = (X − 1 μᵀ)ᵀ (y − ȳ).
            moment[i] /= scales[i]
            for j in i..<size {
                gram[i * size + j] = (gram[i * size + j] - count * means[i] * means[j]) / (scales[i] * scales[j])
            }
        }
        self.columns = size
        self.means = means
        self.scales = scales
        self.targetMean = targetMean
        self.gram = gram
        self.moment = moment
        var penalized = [Bool](repeating: true, count: size)
        for column in unpenalized { penalized[column] = false }
        self.penalized = penalized
    }

    func solve(lambda: Double) throws -> RidgeRegression {
        guard lambda >= 0, lambda.isFinite else { throw NumericsError.shape("ridge penalty must be finite and >= 0, got \(lambda)") }
        var factor = gram
        for column in 0..<columns {
            let diagonal = column * columns + column
            factor[diagonal] += penalized[column] ? lambda : 1e-12 * max(1, gram[diagonal])
        }
        try choleskyUpper(&factor, size: columns)
        var solution = moment
        let n = Int32(columns)
        cblas_dtrsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, n, factor, n, &solution, 1)
        cblas_dtrsv(CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, n, factor, n, &solution, 1)
        var intercept = targetMean
        for column in 0..<columns {
            solution[column] /= scales[column]
            intercept -= means[column] * solution[column]
        }
        return RidgeRegression(weights: solution, intercept: intercept, lambda: lambda)
    }
}

/// Overwrites the upper triangle of the symmetric positive definite row-major matrix `a`
/// (size x size, upper triangle read) with U such that a = U^T U. Blocked: an unblocked
/// factorisation of each diagonal block, a triangular solve for the panel right of it, and a
/// symmetric rank-k update of the trailing matrix.
public func choleskyUpper(_ a: inout [Double], size: Int, blockSize: Int = 64) throws {
    precondition(a.count >= size * size, "matrix holds fewer than size x size values")
    let lda = Int32(size)
    try a.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        var start = 0
        while start < size {
            let width = min(blockSize, size - start)
            // Unblocked factorisation of the diagonal block.
            for j in start..<(start + width) {
                var pivot = base[j * size + j]
                for i in start..<j { pivot -= base[i * size + j] * base[i * size + j] }
                guard pivot > 0, pivot.isFinite else {
                    throw NumericsError.singular("matrix is not positive definite (pivot \(pivot) at column \(j))")
                }
                let diagonal = pivot.squareRoot()
                base[j * size + j] = diagonal
                for c in (j + 1)..<(start + width) {
                    var value = base[j * size + c]
                    for i in start..<j { value -= base[i * size + j] * base[i * size + c] }
                    base[j * size + c] = value / diagonal
                }
            }
            let rest = size - start - width
            if rest > 0 {
                let diagonalBlock = base + start * size + start
                let panel = base + start * size + start + width
                cblas_dtrsm(
                    CblasRowMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, Int32(width), Int32(rest), 1, diagonalBlock, lda,
                    panel, lda)
                let trailing = base + (start + width) * size + start + width
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(rest), Int32(width), -1, panel, lda, 1, trailing, lda)
            }
            start += width
        }
    }
}
