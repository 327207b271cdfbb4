import LatKitNumerics
import LatKitPluginABI
import LatKitPluginKit

/// The lookup-table baseline for devices where nobody timed single operators: learns an additive
/// table (ms per occurrence of each operator key, all ≥ 0) from whole-network latencies.
///
/// Fit: non-negative least squares (`NonNegativeLeastSquares`) of the targets on the operator
/// counts, one column per key seen in training, plus a non-negative intercept column with
/// `intercept=true` (per-network overhead), with optional ridge `ridge=λ`. Keys that always occur
/// together cannot be told apart; one of them then carries their joint cost, which predicts the
/// same for every network that has them together. The validation batch is not used.
///
/// Predict: intercept + Σ count · table[key], at least `LatencyFloor.ms`. A key never seen in training is an error naming it
/// (`unseen=error`, the default) or counts 0 ms (`unseen=zero`, documented fallback).
/// Std (HAS_STD): the residual standard deviation of the fit, sqrt(SSR / (n − passive columns)),
/// the same for every row.
///
/// Saved state (little-endian, see `SavedStateWriter`): magic "LKLF", version 1, intercept,
/// residual std (`Double`s), training rows (`UInt64`), `UInt32` entry count, then per key (sorted)
/// the key (`String`) and its ms per occurrence (`Double`).
final class FittedLUTEstimator: EstimatorPlugin {
    static let name = "lut-fitted"
    static let version = "1.0.0"
    static let summary = "Additive per-operator table learnt from whole-network latencies by non-negative least squares"
    static let optionsHelp = """
        intercept=true  fit a non-negative per-network constant as well
        ridge=0  ridge penalty λ on the table values and the intercept (0: plain NNLS)
        unseen=error  a key not seen in training: error, or zero (counts 0 ms)
        """
    static let views = Int(LATKIT_VIEW_OPERATORS)
    static let capabilities = Int(LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE)

    static let magic: StaticString = "LKLF"

    private struct Model {
        var table: [String: Double]
        var intercept: Double
        var residualStd: Double
        var trainingRows: Int
    }

    private let useIntercept: Bool
    private let ridge: Double
    private let unseenIsZero: Bool
    private var model: Model?

    init(options: PluginOptions) throws {
        useIntercept = try options.bool("intercept", default: true)
        ridge = try options.double("ridge", default: 0, in: 0...1e12)
        unseenIsZero = try options.choice("unseen", default: "error", allowed: ["error", "zero"]) == "zero"
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let targets = try train.requireTargets()
        guard train.count > 0 else { throw PluginError.invalid("cannot fit on zero rows") }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw PluginError.invalid("training target \(bad) is not finite (\(targets[bad]))")
        }
        // Columns: the keys in sorted order (deterministic), then the intercept.
        let rows = try (0..<train.count).map { try train.checkedOperators(ofRow: $0) }
        let keys = Set(rows.joined().map(\.key)).sorted()
        let column = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var offsets = [0]
        var indices: [Int] = []
        var values: [Double] = []
        for operators in rows {
            for op in operators where op.count != 0 {
                indices.append(column[op.key]!)
                values.append(op.count)
            }
            if useIntercept {
                indices.append(keys.count)
                values.append(1)
            }
            offsets.append(values.count)
        }
        let design = try SparseRowMatrix(
            rows: rows.count, columns: keys.count + (useIntercept ? 1 : 0), rowOffsets: offsets, columnIndices: indices, values: values)
        var cancelled = false
        let solution = try NonNegativeLeastSquares.solve(design, Array(targets), options: .init(ridge: ridge)) { passive in
            do {
                try progress.report(-1, "\(passive) table entries active")
                return true
            } catch {
                cancelled = true
                return false
            }
        }
        if cancelled { throw PluginError.cancelled }
        let freedom = max(rows.count - solution.passiveCount, 1)
        model = Model(
            table: Dictionary(uniqueKeysWithValues: zip(keys, solution.coefficients)),
            intercept: useIntercept ? solution.coefficients[keys.count] : 0,
            residualStd: (solution.residualNorm * solution.residualNorm / Double(freedom)).squareRoot(), trainingRows: rows.count)
        try progress.report(1, "fitted \(keys.count) operator keys")
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let model else { throw PluginError.state("lut-fitted must be fitted or loaded before it predicts") }
        for row in 0..<batch.count {
            var total = model.intercept
            for op in try batch.checkedOperators(ofRow: row) {
                if let value = model.table[op.key] {
                    total += op.count * value
                } else if !unseenIsZero {
                    throw PluginError.invalid(
                        "row \(row): operator key '\(op.key)' was never seen in training (\(model.table.count) keys); set unseen=zero to count it as 0 ms"
                    )
                }
            }
            // A network made only of operators NNLS priced at 0 (e.g. a NAS-Bench-201 cell of skips
            // and zeros) sums to 0 ms: raised to the floor rather than refused by the host.
            mean[row] = LatencyFloor.apply(total)
            std?[row] = model.residualStd
        }
    }

    func save() throws -> [UInt8] {
        guard let model else { throw PluginError.state("nothing to save: lut-fitted is not fitted") }
        var writer = SavedStateWriter(magic: Self.magic, version: 1)
        writer.write(model.intercept)
        writer.write(model.residualStd)
        writer.write(UInt64(model.trainingRows))
        writer.write(UInt32(model.table.count))
        for (key, value) in model.table.sorted(by: { $0.key < $1.key }) {
            writer.write(key)
            writer.write(value)
        }
        return writer.bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = try SavedStateReader(bytes, magic: Self.magic, versions: 1...1, what: "lut-fitted")
        let intercept = try reader.readDouble()
        let residualStd = try reader.readDouble()
        let trainingRows = Int(clamping: try reader.readUInt64())
        var table: [String: Double] = [:]
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
            let key = try reader.readString()
            guard table[key] == nil else { throw PluginError.incompatible("saved lut-fitted model lists key '\(key)' twice") }
            table[key] = try reader.readDouble()
        }
        try reader.finish()
        guard intercept.isFinite, residualStd.isFinite, residualStd >= 0, table.values.allSatisfy(\.isFinite) else {
            throw PluginError.incompatible("saved lut-fitted model holds a non-finite value")
        }
        model = Model(table: table, intercept: intercept, residualStd: residualStd, trainingRows: trainingRows)
    }
}
