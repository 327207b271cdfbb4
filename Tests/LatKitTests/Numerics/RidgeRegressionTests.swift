import LatKitNumerics
import LatKitRandom
import XCTest

/// The ridge solver and its Cholesky factorisation against known solutions.
final class RidgeRegressionTests: XCTestCase {
    func testRecoversExactLinearModel() throws {
        var generator = SeededGenerator(seed: 1)
        let weights = [2.0, -1.0, 0.5, 3.0]
        let rows = 50
        let features = Matrix(rows: rows, columns: 4, values: (0..<(rows * 4)).map { _ in Float(generator.double() * 4 - 2) })
        let targets = (0..<rows).map { row in 7 + (0..<4).reduce(0.0) { $0 + weights[$1] * Double(features[row, $1]) } }
        for standardize in [false, true] {
            let model = try RidgeRegression.fit(features: features, targets: targets, lambda: 0, standardize: standardize)
            for (fitted, wanted) in zip(model.weights, weights) { XCTAssertEqual(fitted, wanted, accuracy: 1e-9) }
            XCTAssertEqual(model.intercept, 7, accuracy: 1e-9)
            XCTAssertEqual(model.predict(features)[3], targets[3], accuracy: 1e-9)
        }
    }

    func testOneColumnPenaltyMatchesClosedForm() throws {
        // x = 1, 2, 3, y = 1, 3, 2: centred Sxx = 2, Sxy = 1, so w = Sxy / (Sxx + lambda).
        let features = Matrix(rows: 3, columns: 1, values: [1, 2, 3])
        let model = try RidgeRegression.fit(features: features, targets: [1, 3, 2], lambda: 2)
        XCTAssertEqual(model.weights[0], 0.25, accuracy: 1e-12)
        XCTAssertEqual(model.intercept, 2 - 0.25 * 2, accuracy: 1e-12)
    }

    /// Under a huge penalty the penalised column's weight vanishes while the unpenalized one keeps
    /// the closed-form one-column least-squares fit; a constant unpenalized column still solves.
    func testUnpenalizedColumnKeepsItsLeastSquaresFit() throws {
        // Columns: penalised x, unpenalized z = 1, 2, 3, 4, and a constant unpenalized column.
        let z = [1.0, 2, 3, 4]
        let dense = zip([0.5, -1.0, 2.0, 0.0], z).flatMap { x, z -> [Double] in [x, z, 5] }
        let design = try SparseRowMatrix(dense: dense, rows: 4, columns: 3)
        let targets = [1.0, 3, 2, 6]
        let model = try RidgeRegression.fit(design: design, targets: targets, lambda: 1e12, unpenalized: [1, 2])
        // Least squares of y on z: Szz = 5, Szy = 7, slope 1.4, intercept 3 - 1.4 * 2.5 = -0.5.
        XCTAssertEqual(model.weights[0], 0, accuracy: 1e-9)
        XCTAssertEqual(model.weights[1], 1.4, accuracy: 1e-9)
        XCTAssertEqual(model.weights[2], 0, accuracy: 1e-9)
        XCTAssertEqual(try model.predict(design)[0], -0.5 + 1.4, accuracy: 1e-9)
        XCTAssertThrowsError(try RidgeRegression.fit(design: design, targets: targets, lambda: 1, unpenalized: [3]))
    }

    func testPenaltyChoiceOnValidation() throws {
        var generator = SeededGenerator(seed: 2)
        let features = Matrix(rows: 40, columns: 2, values: (0..<80).map { _ in Float(generator.normal()) })
        let targets = (0..<40).map { Double(features[$0, 0]) * 3 + generator.normal() * 0.1 }
        let validation = Matrix(rows: 20, columns: 2, values: (0..<40).map { _ in Float(generator.normal()) })
        let validationTargets = (0..<20).map { Double(validation[$0, 0]) * 3 }
        let (model, scores) = try RidgeRegression.fit(
            features: features, targets: targets, lambdas: [1000, 0.01], validation: (validation, validationTargets))
        XCTAssertEqual(model.lambda, 0.01)
        XCTAssertEqual(scores.count, 2)
        XCTAssertGreaterThan(scores[0], scores[1])
    }

    func testASingularPenaltyIsSkippedNotFatal() throws {
        // Two identical columns: with lambda 0 the normal equations are singular.
        var generator = SeededGenerator(seed: 4)
        let column = (0..<30).map { _ in Float(generator.normal()) }
        let features = Matrix(rows: 30, columns: 2, values: column.flatMap { [$0, $0] })
        let targets = column.map { Double($0) * 2 }
        let (model, scores) = try RidgeRegression.fit(
            features: features, targets: targets, lambdas: [0, 0.001], validation: (features, targets))
        XCTAssertEqual(model.lambda, 0.001)
        XCTAssertEqual(scores[0], .infinity)
        XCTAssertLessThan(scores[1], 0.01)
        XCTAssertThrowsError(try RidgeRegression.fit(features: features, targets: targets, lambdas: [0], validation: (features, targets)))
    }

    func testBlockedCholeskyFactorsSPDMatrix() throws {
        var generator = SeededGenerator(seed: 3)
        let size = 150  // three blocks of 64
        let b = (0..<(size * size)).map { _ in generator.double() - 0.5 }
        var a = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<size {
                var sum = i == j ? Double(size) : 0
                for k in 0..<size { sum += b[k * size + i] * b[k * size + j] }
                a[i * size + j] = sum
            }
        }
        var factor = a
        try choleskyUpper(&factor, size: size)
        for i in stride(from: 0, to: size, by: 7) {
            for j in stride(from: i, to: size, by: 5) {
                var sum = 0.0
                for k in 0...min(i, j) { sum += factor[k * size + i] * factor[k * size + j] }
                XCTAssertEqual(sum, a[i * size + j], accuracy: 1e-9 * Double(size))
            }
        }
        var notDefinite = [1.0, 2, 2, 1]
        XCTAssertThrowsError(try choleskyUpper(&notDefinite, size: 2))
    }

    func testStandardizerKeepsBinaryColumns() {
        let matrix = Matrix(rows: 4, columns: 2, values: [0, 1, 1, 3, 1, 5, 0, 7])
        let scaler = Standardizer(fitting: matrix)
        XCTAssertEqual(scaler.means, [0, 4])
        XCTAssertEqual(scaler.scales[0], 1)
        XCTAssertEqual(scaler.scales[1], Float(5.0.squareRoot()), accuracy: 1e-6)
        let scaled = scaler.applied(to: matrix)
        XCTAssertEqual(scaled[1, 0], 1)
        XCTAssertEqual(scaled[0, 1], -3 / Float(5.0.squareRoot()), accuracy: 1e-6)
        let target = TargetScaler(fitting: [1.0, 3.0])
        XCTAssertEqual(target.forward(3), 1)
        XCTAssertEqual(target.inverse(-1), 1)
    }
}
