import LatKitLearning
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
    /// kind 2: the hybrid's fields (`HybridModel.encode(into:)`; c <= 2 cost columns: MACs, then
    ///         parameters; finetune's stacked model: c <= 3, its base model's prediction last)
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
            model.encode(into: &writer)
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
            self = .hybrid(
                try HybridModel(
                    decoding: &reader, inputCount: inputCount, version: version, maxCostColumns: maxCostColumns, what: "saved mlp state"))
        default:
            throw PluginError.incompatible("saved mlp state: unknown model kind \(kind)")
        }
        guard reader.remaining == 0 else {
            throw PluginError.incompatible("saved mlp state has \(reader.remaining) unexpected trailing bytes")
        }
    }
}
