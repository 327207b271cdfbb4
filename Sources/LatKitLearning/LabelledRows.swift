import LatKitNumerics
import LatKitPluginKit
import LatKitRandom

/// Feature rows with one target each (and the rows' operators and costs when the batch carries
/// them), copied out of a batch.
package struct LabelledRows {
    package var features: Matrix
    package var targets: [Double]
    /// Per row the operator keys and counts; nil when the batch has no operators view.
    package var operators: [[(key: String, count: Double)]]?
    /// The cost columns, MACs then parameters, one value per row each; nil when the batch has no cost view.
    package var costs: [[Double]]?

    package var count: Int { targets.count }

    /// The features and targets of a batch (which must carry targets); its operators too unless
    /// `operators` is false (they cost time and memory on large batches).
    package init(_ batch: BatchView, operators: Bool = true) throws {
        let targets = try batch.requireTargets()
        guard targets.allSatisfy({ $0.isFinite }) else { throw PluginError.invalid("the batch has a target that is not a finite number") }
        try self.init(inputsOf: batch, targets: Array(targets), operators: operators)
    }

    /// The inputs of a batch to predict (targets all 0, whether or not it carries any).
    package init(unlabelled batch: BatchView, operators: Bool = true) throws {
        try self.init(inputsOf: batch, targets: [Double](repeating: 0, count: batch.count), operators: operators)
    }

    private init(inputsOf batch: BatchView, targets: [Double], operators readOperators: Bool) throws {
        let (values, columns) = try batch.features()
        if let row = (0..<values.count).first(where: { !values[$0].isFinite }).map({ $0 / max(columns, 1) }) {
            throw PluginError.invalid("feature row \(row) holds a value that is not a finite number")
        }
        features = Matrix(rows: batch.count, columns: columns, copying: values)
        self.targets = targets
        if readOperators && batch.hasOperators {
            operators = try (0..<batch.count).map { row in
                let operators = try batch.operators(ofRow: row)
                if let bad = operators.first(where: { !$0.count.isFinite || $0.count < 0 }) {
                    throw PluginError.invalid("row \(row): operator '\(bad.key)' has count \(bad.count); counts must be finite and >= 0")
                }
                return operators
            }
        }
        costs = try batchCosts(batch)
    }

    package init(features: Matrix, targets: [Double], operators: [[(key: String, count: Double)]]? = nil, costs: [[Double]]? = nil) {
        self.features = features
        self.targets = targets
        self.operators = operators
        self.costs = costs
    }

    /// The rows at `indices`.
    package func subset(_ indices: [Int]) -> LabelledRows {
        LabelledRows(
            features: features.gathering(rows: indices), targets: indices.map { targets[$0] },
            operators: operators.map { operators in indices.map { operators[$0] } },
            costs: costs.map { columns in columns.map { column in indices.map { column[$0] } } })
    }

    /// A seeded random split into rows to fit and `fraction` of the rows to hold out (at least one
    /// of each), for early stopping and model choice when no validation batch is given.
    package func splitHoldout(fraction: Double, generator: inout SeededGenerator) throws -> (fit: LabelledRows, holdout: LabelledRows) {
        guard count >= 2 else { throw PluginError.invalid("fitting without a validation batch needs at least 2 training rows") }
        var order = Array(0..<count)
        generator.shuffle(&order)
        let held = min(max(1, Int((Double(count) * fraction).rounded())), count - 1)
        return (subset(Array(order[held...]).sorted()), subset(Array(order[..<held]).sorted()))
    }
}

/// The features of a prediction batch as a matrix, checked against the column count a model expects.
package func featureMatrix(_ batch: BatchView, expectedColumns: Int) throws -> Matrix {
    let (values, columns) = try batch.features()
    guard columns == expectedColumns else {
        throw PluginError.invalid(
            "the batch has \(columns) feature columns (encoding '\(batch.featureEncoding)'), the model was fitted on \(expectedColumns)")
    }
    return Matrix(rows: batch.count, columns: columns, copying: values)
}

/// The MACs and parameter columns of a batch (checked finite), or nil when it has no cost view.
package func batchCosts(_ batch: BatchView) throws -> [[Double]]? {
    guard batch.hasCost else { return nil }
    return try [("macs", try batch.macs()), ("params", try batch.params())].map { name, values in
        if let row = values.firstIndex(where: { !$0.isFinite }) {
            throw PluginError.invalid("row \(row): \(name) is \(values[row]); costs must be finite numbers")
        }
        return Array(values)
    }
}
