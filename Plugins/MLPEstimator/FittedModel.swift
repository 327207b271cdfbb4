import LatKitNumerics
import LatKitPluginKit

/// What an `mlp` handle holds after fit, load or reading pretrained weights.
enum FittedModel {
    case single(SingleNetworkModel)
    case hybrid(HybridModel)

    /// Feature columns the model takes.
    var inputCount: Int {
        switch self {
        case .single(let model): return model.network.inputCount
        case .hybrid(let model): return model.inputCount
        }
    }

    /// Mean and std per row of a prediction batch (features, and operators when the model uses them).
    func predict(_ batch: BatchView) throws -> (mean: [Double], std: [Double]) {
        let features = try featureMatrix(batch, expectedColumns: inputCount)
        switch self {
        case .single(let model): return try model.predict(features)
        case .hybrid(let model):
            return try model.predict(
                features, operators: try model.operatorKeys.map { try $0.counts(batch) },
                costs: model.costScalers.isEmpty ? nil : try batchCosts(batch))
        }
    }

    // MARK: Saved state

    /// Version of the saved-state layout this plugin writes; it reads this one, version 3 (no std
    /// calibration: read as scale 1, offset 0, the raw spread), version 2 (no cost columns either)
    /// and version 1 (no operator keys either), and refuses any other.
    static let stateVersion: UInt8 = 4
    static let magic = Array("LKMP".utf8)

    /// The saved state, little-endian:
    ///
    /// ```
    /// u8  version (4)               u8[4] "LKMP"
    /// u8  kind: 1 single network, 2 hybrid
    /// u32 feature columns
    /// kind 1: f64 std; network
    /// kind 2: u8 linear (0 off, 1 raw, 2 ofa-paper128); u8 has ridge;
    ///         [ridge: u32 n, f64 intercept, f64 lambda, f64 weights[n]];
    ///         u32 k operator keys, per key u32 byte length, UTF-8 bytes (versions 2 and 3; keys sorted);
    ///         u32 c cost columns, per column f64 mean, f64 scale (versions 3 and 4; c <= 2: MACs,
    ///         then parameters; finetune's stacked model: c <= 3, its base model's prediction last);
    ///         n = feature columns + k + c, the key columns, then the cost columns;
    ///         u32 m, f32 input means[m], f32 input scales[m];
    ///         f64 residual mean, f64 residual scale;
    ///         u32 members, per member: f64 base gain, network;
    ///         f64 std scale, f64 std offset (version 4 only)
    /// network: u32 layers, per layer u32 out, u32 in, f32 weights[out*in] (row-major), f32 bias[out]
    /// u32 CRC-32 of every byte before it
    /// ```
    func encoded() -> [UInt8] {
        var writer = SavedStateWriter()
        writer.u8(Self.stateVersion)
        writer.raw(Self.magic)
        switch self {
        case .single(let model):
            writer.u8(1)
            writer.u32(model.network.inputCount)
            writer.f64(model.std)
            writer.network(model.network)
        case .hybrid(let model):
            writer.u8(2)
            writer.u32(model.inputCount)
            writer.u8(model.linear.rawValue)
            writer.u8(model.ridge == nil ? 0 : 1)
            if let ridge = model.ridge {
                writer.u32(ridge.weights.count)
                writer.f64(ridge.intercept)
                writer.f64(ridge.lambda)
                writer.f64(ridge.weights)
            }
            let keys = model.operatorKeys?.keys ?? []
            writer.u32(keys.count)
            for key in keys {
                writer.u32(key.utf8.count)
                writer.raw(Array(key.utf8))
            }
            writer.u32(model.costScalers.count)
            for scaler in model.costScalers {
                writer.f64(scaler.mean)
                writer.f64(scaler.scale)
            }
            writer.u32(model.inputScaler.means.count)
            writer.f32(model.inputScaler.means)
            writer.f32(model.inputScaler.scales)
            writer.f64(model.residualScaler.mean)
            writer.f64(model.residualScaler.scale)
            writer.u32(model.members.count)
            for (member, gain) in zip(model.members, model.baseGains) {
                writer.f64(gain)
                writer.network(member)
            }
            writer.f64(model.stdScale)
            writer.f64(model.stdOffset)
        }
        writer.u32(Int(crc32(writer.bytes)))
        return writer.bytes
    }

    /// Reads a state written by `encoded`; refuses other versions, damaged or truncated bytes, and
    /// hybrid models with more than `maxCostColumns` cost columns.
    init(decoding bytes: UnsafeRawBufferPointer, maxCostColumns: Int = MLPSettings.costColumnCount) throws {
        guard let version = bytes.first else { throw PluginError.incompatible("saved mlp state is empty") }
        // The marker first: another plugin's state is "not an mlp state", not "version 76".
        guard bytes.count >= 10, Array(bytes[1..<5]) == Self.magic else {
            throw PluginError.incompatible("saved state is not an mlp state (no LKMP marker)")
        }
        guard (1...Self.stateVersion).contains(version) else {
            throw PluginError.incompatible("saved mlp state has version \(version); this plugin reads versions 1 to \(Self.stateVersion)")
        }
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
        guard crc32(bytes[..<(bytes.count - 4)]) == stored else {
            throw PluginError.incompatible("saved mlp state is damaged (checksum mismatch)")
        }
        var reader = SavedStateReader(headerless: UnsafeRawBufferPointer(rebasing: bytes[5..<(bytes.count - 4)]), noun: "saved mlp state")
        let kind = try reader.u8()
        let inputCount = try reader.u32()
        switch kind {
        case 1:
            let std = try reader.f64()
            let network = try reader.network(what: "saved mlp state")
            guard network.inputCount == inputCount, network.outputCount == 1 else {
                throw PluginError.incompatible("saved mlp state: network shape does not match its feature count")
            }
            self = .single(SingleNetworkModel(network: network, std: std))
        case 2:
            guard let linear = HybridModel.Linear(rawValue: try reader.u8()) else {
                throw PluginError.incompatible("saved mlp state: unknown additive model kind")
            }
            // The paper128 interactions read columns 0..<128 of each row: any other width is damage.
            guard linear != .ofaPaper128 || inputCount == 128 else {
                throw PluginError.incompatible(
                    "saved mlp state: the paper128 additive model needs 128 inputs, the state says \(inputCount)")
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
                        throw PluginError.incompatible("saved mlp state: an operator key is empty or not UTF-8")
                    }
                    keys.append(key)
                }
            }
            var costScalers: [TargetScaler] = []
            if version >= 3 {
                let count = try reader.u32()
                guard count <= maxCostColumns else {
                    throw PluginError.incompatible("saved mlp state: \(count) cost columns (at most \(maxCostColumns))")
                }
                for _ in 0..<count {
                    let scaler = TargetScaler(mean: try reader.f64(), scale: try reader.f64())
                    guard scaler.mean.isFinite, scaler.scale.isFinite, scaler.scale > 0 else {
                        throw PluginError.incompatible("saved mlp state: a cost column's scale is not a positive number")
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
                members.append(try reader.network(what: "saved mlp state"))
            }
            var (stdScale, stdOffset) = (1.0, 0.0)
            if version >= 4 {
                (stdScale, stdOffset) = (try reader.f64(), try reader.f64())
                guard stdScale.isFinite, stdScale > 0, stdOffset.isFinite, stdOffset >= 0 else {
                    throw PluginError.incompatible("saved mlp state: the std calibration (\(stdScale), \(stdOffset)) is out of range")
                }
            }
            let networkInputs = HybridModel.networkInputCount(linear: linear, inputCount: inputCount)
            let expectedRidge = HybridModel.featureColumnCount(linear: linear, inputCount: inputCount) + keys.count + costScalers.count
            guard !members.isEmpty, scalerCount == networkInputs, (operatorKeys?.keys ?? []) == keys,
                members.allSatisfy({ $0.inputCount == networkInputs && $0.outputCount == 1 }),
                (linear == .off) == (ridge == nil), linear != .off || costScalers.isEmpty,
                ridge.map({ $0.weights.count == expectedRidge }) ?? true
            else { throw PluginError.incompatible("saved mlp state: hybrid model parts do not fit together") }
            self = .hybrid(
                HybridModel(
                    linear: linear, inputCount: inputCount, ridge: ridge, operatorKeys: operatorKeys, costScalers: costScalers,
                    inputScaler: scaler,
                    residualScaler: residual, members: members, baseGains: gains, stdScale: stdScale, stdOffset: stdOffset))
        default:
            throw PluginError.incompatible("saved mlp state: unknown model kind \(kind)")
        }
        guard reader.remaining == 0 else {
            throw PluginError.incompatible("saved mlp state has \(reader.remaining) unexpected trailing bytes")
        }
    }
}
