import Foundation
import LatKitNumerics
import LatKitPluginKit

/// The shape of the latency-versus-MACs curve the `flops` estimator fits.
enum CostCurveShape: String, CaseIterable {
    /// latency = a + b·m
    case linear
    /// latency = a + b·m + c·m²
    case quadratic
    /// log latency = a + b·log m, i.e. latency = e^a · m^b
    case power

    var code: UInt8 {
        switch self {
        case .linear: 0
        case .quadratic: 1
        case .power: 2
        }
    }

    init?(code: UInt8) {
        guard let shape = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = shape
    }

    var coefficientCount: Int { self == .quadratic ? 3 : 2 }
}

/// A fitted latency curve over multiply-accumulates. MACs are divided by `scale` (the mean training
/// MACs) before use, so the least-squares problem is well conditioned.
struct CostCurve: Equatable {
    var shape: CostCurveShape
    var scale: Double
    var coefficients: [Double]
    /// Residual standard deviation: in ms for linear and quadratic, of log-latency for power.
    var residualStd: Double

    /// Least squares of the targets (or their logs, for power) on [1, m, (m²)].
    static func fit(_ shape: CostCurveShape, macs: [Double], latencies: [Double]) throws -> CostCurve {
        let parameters = shape.coefficientCount
        guard macs.count > parameters else {
            throw PluginError.invalid("a \(shape.rawValue) fit needs more than \(parameters) rows, got \(macs.count)")
        }
        if shape == .power {
            if let bad = macs.indices.first(where: { macs[$0] <= 0 || latencies[$0] <= 0 }) {
                throw PluginError.invalid(
                    "model=power needs positive macs and latencies; row \(bad) has macs \(macs[bad]), latency \(latencies[bad])")
            }
        }
        let scale = macs.reduce(0) { $0 + abs($1) } / Double(macs.count)
        guard scale > 0 else { throw PluginError.invalid("all training macs are 0: the flops estimator cannot fit a slope") }
        let inputs = macs.map { shape == .power ? log($0 / scale) : $0 / scale }
        let outputs = shape == .power ? latencies.map { log($0) } : latencies
        // A polynomial with k coefficients is pinned by k distinct inputs, no fewer (and near
        // collinear columns still fail the factorisation below).
        let tooFewValues = PluginError.invalid("the training macs take too few distinct values for a \(shape.rawValue) fit")
        guard Set(inputs).count >= parameters else { throw tooFewValues }
        // Unpenalized least squares on [m, (m²)] with an intercept: LatKitNumerics' ridge at 0, on
        // its Float64 (sparse-row) design, as a Float32 matrix would round the inputs.
        let design = try SparseRowMatrix(
            rows: inputs.count, columns: parameters - 1, rowOffsets: (0...inputs.count).map { $0 * (parameters - 1) },
            columnIndices: inputs.flatMap { _ in Array(0..<(parameters - 1)) },
            values: inputs.flatMap { Array(basisRow($0, parameters).dropFirst()) })
        let coefficients: [Double]
        do {
            let fitted = try RidgeRegression.fit(design: design, targets: outputs, lambda: 0, standardize: true)
            coefficients = [fitted.intercept] + fitted.weights
        } catch {
            throw tooFewValues
        }
        let squares = zip(inputs, outputs).reduce(0.0) { sum, pair in
            let error = pair.1 - zip(basisRow(pair.0, parameters), coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            return sum + error * error
        }
        return CostCurve(
            shape: shape, scale: scale, coefficients: coefficients,
            residualStd: (squares / Double(macs.count - parameters)).squareRoot())
    }

    /// Predicted latency (ms) and its standard deviation for `macs` (for power, the log-scale
    /// residual std times the prediction: the first-order std of e^(a + b log m + ε)); linear and
    /// quadratic curves are floored at `LatencyFloor.ms`.
    func predict(macs: Double) -> (mean: Double, std: Double) {
        let parameters = shape.coefficientCount
        if shape == .power {
            guard macs > 0 else { return (LatencyFloor.ms, 0) }
            let value = exp(zip(Self.basisRow(log(macs / scale), parameters), coefficients).reduce(0) { $0 + $1.0 * $1.1 })
            return (value, value * residualStd)
        }
        let value = zip(Self.basisRow(macs / scale, parameters), coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        return (LatencyFloor.apply(value), residualStd)
    }

    private static func basisRow(_ input: Double, _ parameters: Int) -> [Double] {
        parameters == 3 ? [1, input, input * input] : [1, input]
    }
}
