/// A loss for single-output regression networks, with its gradient with respect to the outputs.
public enum RegressionLoss: Sendable, Equatable {
    /// `mean((y - t)^2)`.
    case meanSquaredError
    /// `sqrt(mean((y - t)^2) + epsilon)`, the OFANAS paper's `RMSELoss` (epsilon 1e-6).
    case rootMeanSquaredError(epsilon: Double)

    /// The loss of `outputs` (`n x 1`) against `targets` (n values), writing dLoss/dOutput into
    /// `gradient` (resized to `n x 1`).
    public func evaluate(outputs: Matrix, targets: some Collection<Float>, gradient: inout Matrix) -> Double {
        precondition(outputs.columns == 1 && outputs.rows == targets.count, "loss needs n x 1 outputs for n targets")
        gradient.resize(rows: outputs.rows)
        let count = Double(max(outputs.rows, 1))
        var sum = 0.0
        for (index, target) in targets.enumerated() {
            let difference = Double(outputs.values[index]) - Double(target)
            sum += difference * difference
            gradient.values[index] = Float(2 * difference / count)
        }
        let mse = sum / count
        switch self {
        case .meanSquaredError:
            return mse
        case .rootMeanSquaredError(let epsilon):
            let loss = (mse + epsilon).squareRoot()
            let factor = Float(1 / (2 * loss))
            for index in gradient.values.indices { gradient.values[index] *= factor }
            return loss
        }
    }
}
