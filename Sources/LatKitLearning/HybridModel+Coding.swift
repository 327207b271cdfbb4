import LatKitNumerics
import LatKitPluginKit

/// The hybrid model's fields in a saved state, after its feature count: the `mlp` plugin's state
/// (`FittedModel`) holds them for its kind 2, `hwgen`'s state once per series with a learned model.
///
/// ```
/// u8  linear (0 off, 1 raw, 2 ofa-paper128); u8 has ridge;
///     [ridge: u32 n, f64 intercept, f64 lambda, f64 weights[n]];
/// u32 k operator keys, per key u32 byte length, UTF-8 bytes (version >= 2; keys sorted);
/// u32 c cost columns, per column f64 mean, f64 scale (version >= 3);
///     n = feature columns + k + c, the key columns, then the cost columns;
/// u32 m, f32 input means[m], f32 input scales[m];
/// f64 residual mean, f64 residual scale;
/// u32 members, per member: f64 base gain, network;
/// f64 std scale, f64 std offset (version >= 4)
/// ```
extension HybridModel {
    /// The layout version `encode(into:)` writes (the newest; `init(decoding:)` reads 1 to this).
    package static let layoutVersion: UInt8 = 4

    /// Writes the model's fields (not its feature count) in the layout above, version `layoutVersion`.
    package func encode(into writer: inout SavedStateWriter) {
        writer.u8(linear.rawValue)
        writer.u8(ridge == nil ? 0 : 1)
        if let ridge {
            writer.u32(ridge.weights.count)
            writer.f64(ridge.intercept)
            writer.f64(ridge.lambda)
            writer.f64(ridge.weights)
        }
        let keys = operatorKeys?.keys ?? []
        writer.u32(keys.count)
        for key in keys {
            writer.u32(key.utf8.count)
            writer.raw(Array(key.utf8))
        }
        writer.u32(costScalers.count)
        for scaler in costScalers {
            writer.f64(scaler.mean)
            writer.f64(scaler.scale)
        }
        writer.u32(inputScaler.means.count)
        writer.f32(inputScaler.means)
        writer.f32(inputScaler.scales)
        writer.f64(residualScaler.mean)
        writer.f64(residualScaler.scale)
        writer.u32(members.count)
        for (member, gain) in zip(members, baseGains) {
            writer.f64(gain)
            writer.network(member)
        }
        writer.f64(stdScale)
        writer.f64(stdOffset)
    }

    /// Reads a model of `inputCount` feature columns written by `encode` in layout `version` (1-4:
    /// fields a version lacks take their neutral values); refuses parts that do not fit together
    /// and more than `maxCostColumns` cost columns. `what` names the bytes in messages.
    package init(
        decoding reader: inout SavedStateReader, inputCount: Int, version: UInt8, maxCostColumns: Int = MLPSettings.costColumnCount,
        what: String
    ) throws {
        guard let linear = Linear(rawValue: try reader.u8()) else {
            throw PluginError.incompatible("\(what): unknown additive model kind")
        }
        // The paper128 interactions read columns 0..<128 of each row: any other width is damage.
        guard linear != .ofaPaper128 || inputCount == 128 else {
            throw PluginError.incompatible("\(what): the paper128 additive model needs 128 inputs, the state says \(inputCount)")
        }
        var ridge: RidgeRegression?
        if try reader.u8() == 1 {
            let count = try reader.u32()
            let intercept = try reader.f64()
            let lambda = try reader.f64()
            ridge = RidgeRegression(weights: try reader.f64(count: count), intercept: intercept, lambda: lambda)
        }
        var keys: [String] = []
        if version >= 2 {
            for _ in 0..<(try reader.u32()) {
                let bytes = try reader.raw(count: try reader.u32())
                guard let key = String(validating: bytes, as: UTF8.self), !key.isEmpty else {
                    throw PluginError.incompatible("\(what): an operator key is empty or not UTF-8")
                }
                keys.append(key)
            }
        }
        var costScalers: [TargetScaler] = []
        if version >= 3 {
            let count = try reader.u32()
            guard count <= maxCostColumns else {
                throw PluginError.incompatible("\(what): \(count) cost columns (at most \(maxCostColumns))")
            }
            for _ in 0..<count {
                let scaler = TargetScaler(mean: try reader.f64(), scale: try reader.f64())
                guard scaler.mean.isFinite, scaler.scale.isFinite, scaler.scale > 0 else {
                    throw PluginError.incompatible("\(what): a cost column's scale is not a positive number")
                }
                costScalers.append(scaler)
            }
        }
        let operatorKeys = keys.isEmpty ? nil : OperatorVocabulary(keys: keys)
        let scalerCount = try reader.u32()
        let scaler = Standardizer(means: try reader.f32(count: scalerCount), scales: try reader.f32(count: scalerCount))
        let residual = TargetScaler(mean: try reader.f64(), scale: try reader.f64())
        let memberCount = try reader.u32()
        var members: [MultilayerPerceptron] = []
        var gains: [Double] = []
        for _ in 0..<memberCount {
            gains.append(try reader.f64())
            members.append(try reader.network(what: what))
        }
        var (stdScale, stdOffset) = (1.0, 0.0)
        if version >= 4 {
            (stdScale, stdOffset) = (try reader.f64(), try reader.f64())
            guard stdScale.isFinite, stdScale > 0, stdOffset.isFinite, stdOffset >= 0 else {
                throw PluginError.incompatible("\(what): the std calibration (\(stdScale), \(stdOffset)) is out of range")
            }
        }
        let networkInputs = Self.networkInputCount(linear: linear, inputCount: inputCount)
        let expectedRidge = Self.featureColumnCount(linear: linear, inputCount: inputCount) + keys.count + costScalers.count
        guard !members.isEmpty, scalerCount == networkInputs, (operatorKeys?.keys ?? []) == keys,
            members.allSatisfy({ $0.inputCount == networkInputs && $0.outputCount == 1 }),
            (linear == .off) == (ridge == nil), linear != .off || costScalers.isEmpty,
            ridge.map({ $0.weights.count == expectedRidge }) ?? true
        else { throw PluginError.incompatible("\(what): hybrid model parts do not fit together") }
        self.init(
            linear: linear, inputCount: inputCount, ridge: ridge, operatorKeys: operatorKeys, costScalers: costScalers,
            inputScaler: scaler, residualScaler: residual, members: members, baseGains: gains, stdScale: stdScale, stdOffset: stdOffset)
    }
}
