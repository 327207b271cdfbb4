import LatKitNumerics
import LatKitPluginKit

/// Refits the last layer of a single-output `network` on few rows, all other layers frozen:
/// ridge regression of `targets` on the last hidden activations `hidden` (and optionally one
/// `extra` input column with current weight `extraWeight`), with the penalty `penalty *
/// |w - w_current|^2` pulling the weights towards the current ones; the bias is unpenalised.
/// Returns the new weight of the extra column (0 without one).
package func retrainLastLayer(
    _ network: inout MultilayerPerceptron, hidden: Matrix, extra: [Double]?, extraWeight: Double, targets: [Double], penalty: Double
) throws -> Double {
    let last = network.layers.count - 1
    let width = hidden.columns
    let current = network.layers[last].weights.values.map(Double.init)
    var features = hidden
    if let extra {
        features = hidden.appendingColumns(Matrix(rows: extra.count, columns: 1, values: extra.map(Float.init)))
    }
    let prior = extra == nil ? current : current + [extraWeight]
    // Fit the change from the current weights: y - X w_current = X v + b, penalty on v.
    var shifted = targets
    for row in 0..<features.rows {
        var sum = 0.0
        for column in 0..<features.columns { sum += Double(features[row, column]) * prior[column] }
        shifted[row] -= sum
    }
    let change: RidgeRegression
    do {
        change = try RidgeRegression.fit(features: features, targets: shifted, lambda: max(penalty, 1e-9))
    } catch { throw PluginError.invalid("adapt could not solve for the last layer: \(error)") }
    for column in 0..<width { network.layers[last].weights.values[column] = Float(prior[column] + change.weights[column]) }
    network.layers[last].bias[0] = Float(change.intercept)
    return extra == nil ? 0 : prior[width] + change.weights[width]
}
