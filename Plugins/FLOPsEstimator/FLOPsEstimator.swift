import LatKitPluginABI
import LatKitPluginKit

/// Latency as a fitted function of a network's multiply-accumulates (COST view): the classic
/// "FLOPs proxy" baseline.
///
/// `model=linear` (the default) fits latency = a + b·MACs by least squares; `quadratic` adds
/// c·MACs²; `power` fits log latency = a + b·log MACs. `auto` picks the one with the lowest RMSE in
/// ms on the validation batch (without one, on every 5th training row held out), then refits it on
/// all training rows. Linear is the default because it has the fewest parameters and, unlike
/// power, keeps the additive overhead a; pick another where it validates better.
///
/// Std (HAS_STD): the residual standard deviation of the fit (in ms; for power, the log-scale
/// residual std times the prediction).
///
/// Saved state (little-endian, see `SavedStateWriter`): magic "LKFL", version 1, shape byte
/// (0 linear, 1 quadratic, 2 power), MACs scale, residual std (`Double`s), `UInt32` coefficient
/// count, coefficients (`Double`s). A loaded model keeps its saved shape whatever `model=` says.
final class FLOPsEstimator: EstimatorPlugin {
    static let name = "flops"
    static let version = "1.0.0"
    static let summary = "Latency as a least-squares function of MACs (linear, quadratic or power law); std from residuals"
    static let optionsHelp = """
        model=linear  linear (a + b·MACs), quadratic (+ c·MACs²), power (log-log line), or auto (best on validation)
        """
    static let views = Int(LATKIT_VIEW_COST)
    static let capabilities = Int(LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE)

    static let magic: StaticString = "LKFL"
    private let requested: CostCurveShape?
    private var curve: CostCurve?

    init(options: PluginOptions) throws {
        let choice = try options.choice(
            "model", default: "linear", allowed: CostCurveShape.allCases.map(\.rawValue) + ["auto"])
        requested = CostCurveShape(rawValue: choice)
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let (macs, latencies) = try Self.rows(train)
        let shape: CostCurveShape
        if let requested {
            shape = requested
        } else if let validation {
            let (checkMacs, checkLatencies) = try Self.rows(validation)
            shape = try Self.best(fitMacs: macs, fitLatencies: latencies, checkMacs: checkMacs, checkLatencies: checkLatencies)
        } else {
            let held = macs.indices.filter { $0 % 5 == 4 }
            let kept = macs.indices.filter { $0 % 5 != 4 }
            shape = try Self.best(
                fitMacs: kept.map { macs[$0] }, fitLatencies: kept.map { latencies[$0] }, checkMacs: held.map { macs[$0] },
                checkLatencies: held.map { latencies[$0] })
        }
        curve = try CostCurve.fit(shape, macs: macs, latencies: latencies)
        try progress.report(1, "fitted a \(shape.rawValue) curve")
    }

    /// The shape with the lowest RMSE on the check rows (shapes that cannot be fitted are skipped).
    private static func best(fitMacs: [Double], fitLatencies: [Double], checkMacs: [Double], checkLatencies: [Double]) throws
        -> CostCurveShape
    {
        guard !checkMacs.isEmpty else { return .linear }
        var scored: [(shape: CostCurveShape, rmse: Double)] = []
        for shape in CostCurveShape.allCases {
            guard let curve = try? CostCurve.fit(shape, macs: fitMacs, latencies: fitLatencies) else { continue }
            let squares = zip(checkMacs, checkLatencies).reduce(0.0) { sum, row in
                let error = curve.predict(macs: row.0).mean - row.1
                return sum + error * error
            }
            scored.append((shape, (squares / Double(checkMacs.count)).squareRoot()))
        }
        guard let best = scored.min(by: { $0.rmse < $1.rmse }) else {
            throw PluginError.invalid("model=auto: no curve could be fitted to \(fitMacs.count) rows")
        }
        return best.shape
    }

    /// MACs and targets of a batch, checked finite.
    private static func rows(_ batch: BatchView) throws -> ([Double], [Double]) {
        let macs = Array(try batch.macs())
        let targets = Array(try batch.requireTargets())
        if let bad = macs.indices.first(where: { !macs[$0].isFinite || !targets[$0].isFinite }) {
            throw PluginError.invalid("row \(bad): macs \(macs[bad]) and target \(targets[bad]) must be finite")
        }
        return (macs, targets)
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let curve else { throw PluginError.state("flops must be fitted or loaded before it predicts") }
        let macs = try batch.macs()
        for row in 0..<batch.count {
            guard macs[row].isFinite, macs[row] >= 0 else {
                throw PluginError.invalid("row \(row): macs must be finite and >= 0, got \(macs[row])")
            }
            guard macs[row] > 0 || curve.shape != .power else {
                throw PluginError.invalid("row \(row): a power-law curve cannot price 0 MACs (use model=linear or quadratic)")
            }
            let prediction = curve.predict(macs: macs[row])
            mean[row] = prediction.mean
            std?[row] = prediction.std
        }
    }

    func save() throws -> [UInt8] {
        guard let curve else { throw PluginError.state("nothing to save: flops is not fitted") }
        var writer = SavedStateWriter(magic: Self.magic, version: 1)
        writer.write(curve.shape.code)
        writer.write(curve.scale)
        writer.write(curve.residualStd)
        writer.write(UInt32(curve.coefficients.count))
        for coefficient in curve.coefficients { writer.write(coefficient) }
        return writer.bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = try SavedStateReader(bytes, magic: Self.magic, versions: 1...1, what: "flops")
        let code = try reader.readUInt8()
        guard let shape = CostCurveShape(code: code) else {
            throw PluginError.incompatible("saved flops model has unknown curve shape \(code)")
        }
        let scale = try reader.readDouble()
        let residualStd = try reader.readDouble()
        let count = try reader.readCount(minimumItemBytes: 8)
        guard count == shape.coefficientCount else {
            throw PluginError.incompatible(
                "saved flops model has \(count) coefficients; a \(shape.rawValue) curve has \(shape.coefficientCount)")
        }
        let coefficients = try (0..<count).map { _ in try reader.readDouble() }
        try reader.finish()
        guard scale.isFinite, scale > 0, residualStd.isFinite, residualStd >= 0, coefficients.allSatisfy(\.isFinite) else {
            throw PluginError.incompatible("saved flops model holds a non-finite or non-positive scale, std or coefficient")
        }
        curve = CostCurve(shape: shape, scale: scale, coefficients: coefficients, residualStd: residualStd)
    }
}
