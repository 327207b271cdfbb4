import LatKitLearning
import LatKitPluginKit

/// What a `finetune` handle holds after fit (and adapt), and its saved form.
struct FinetuneState {
    /// The strategy asked for; nil for auto.
    var requested: FinetuneStrategy?
    /// The hybrid fitted on the base device.
    var base: HybridModel
    /// The model moved to the target device; nil before adapt.
    var adapted: AdaptedModel?
    /// The std reported after adapt (calibrated on the cross-validation residuals).
    var std: Double
    /// Each strategy cross-validated at the last adapt and its out-of-fold RMSE (infinite when it failed).
    var scores: [(strategy: FinetuneStrategy, rmse: Double)]

    static let stateVersion: UInt8 = 1
    static let magic = Array("LKFT".utf8)

    /// The saved state, little-endian:
    ///
    /// ```
    /// u8 version (1)   u8[4] "LKFT"
    /// u8 requested strategy (0 auto, 1 paper, 2 full, 3 affine, 4 stack)
    /// u8 strategy used (0 not adapted, else as above: what auto chose)
    /// u32 n, u8 base[n]: the base hybrid as an mlp state (see FittedModel.encoded)
    /// f64 std after adapt
    /// u32 k, per cross-validated strategy: u8 strategy, f64 RMSE
    /// strategy paper, full, stack: u32 n, u8 model[n] (an mlp state; stack: 3 cost columns at most)
    /// strategy affine: f64 a, f64 b
    /// u32 CRC-32 of every byte before it
    /// ```
    func encoded() -> [UInt8] {
        var writer = SavedStateWriter()
        writer.u8(Self.stateVersion)
        writer.raw(Self.magic)
        writer.u8(requested?.rawValue ?? 0)
        writer.u8(adapted?.strategy.rawValue ?? 0)
        func hybrid(_ model: HybridModel) {
            let bytes = FittedModel.hybrid(model).encoded()
            writer.u32(bytes.count)
            writer.raw(bytes)
        }
        hybrid(base)
        writer.f64(std)
        writer.u32(scores.count)
        for score in scores {
            writer.u8(score.strategy.rawValue)
            writer.f64(score.rmse)
        }
        switch adapted {
        case nil: break
        case .networks(let model, _), .stack(let model): hybrid(model)
        case .affine(let a, let b):
            writer.f64(a)
            writer.f64(b)
        }
        writer.u32(Int(crc32(writer.bytes)))
        return writer.bytes
    }

    init(requested: FinetuneStrategy?, base: HybridModel, adapted: AdaptedModel?, std: Double, scores: [(FinetuneStrategy, Double)]) {
        self.requested = requested
        self.base = base
        self.adapted = adapted
        self.std = std
        self.scores = scores.map { (strategy: $0.0, rmse: $0.1) }
    }

    /// Reads a state written by `encoded`; refuses other versions, damaged or truncated bytes.
    init(decoding bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= 11, Array(bytes[1..<5]) == Self.magic else {
            throw PluginError.incompatible("saved state is not a finetune state (no LKFT marker)")
        }
        guard bytes[0] == Self.stateVersion else {
            throw PluginError.incompatible("saved finetune state has version \(bytes[0]); this plugin reads version \(Self.stateVersion)")
        }
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
        guard crc32(bytes[..<(bytes.count - 4)]) == stored else {
            throw PluginError.incompatible("saved finetune state is damaged (checksum mismatch)")
        }
        var reader = SavedStateReader(
            headerless: UnsafeRawBufferPointer(rebasing: bytes[5..<(bytes.count - 4)]), noun: "saved finetune state")
        func strategy(_ code: UInt8) throws -> FinetuneStrategy {
            guard let strategy = FinetuneStrategy(rawValue: code) else {
                throw PluginError.incompatible("saved finetune state: unknown strategy \(code)")
            }
            return strategy
        }
        func hybrid(maxCostColumns: Int) throws -> HybridModel {
            let bytes = try reader.raw(count: try reader.u32())
            let model = try bytes.withUnsafeBytes { try FittedModel(decoding: $0, maxCostColumns: maxCostColumns) }
            guard case .hybrid(let hybrid) = model else {
                throw PluginError.incompatible("saved finetune state: a model part is not a hybrid model")
            }
            return hybrid
        }
        let requestedCode = try reader.u8()
        requested = requestedCode == 0 ? nil : try strategy(requestedCode)
        let usedCode = try reader.u8()
        base = try hybrid(maxCostColumns: MLPSettings.costColumnCount)
        std = try reader.f64()
        scores = []
        for _ in 0..<(try reader.u32()) { scores.append((try strategy(try reader.u8()), try reader.f64())) }
        switch usedCode == 0 ? nil : try strategy(usedCode) {
        case nil: adapted = nil
        case .paper: adapted = .networks(try hybrid(maxCostColumns: MLPSettings.costColumnCount), .paper)
        case .full: adapted = .networks(try hybrid(maxCostColumns: MLPSettings.costColumnCount), .full)
        case .stack:
            let model = try hybrid(maxCostColumns: MLPSettings.costColumnCount + 1)
            guard !model.costScalers.isEmpty else {
                throw PluginError.incompatible("saved finetune state: the stacked model lacks its base-prediction column")
            }
            adapted = .stack(model)
        case .affine: adapted = .affine(a: try reader.f64(), b: try reader.f64())
        }
        guard std.isFinite, std >= 0 else { throw PluginError.incompatible("saved finetune state: std \(std) is out of range") }
        if case .affine(let a, let b) = adapted, !a.isFinite || !b.isFinite {
            throw PluginError.incompatible("saved finetune state: the affine map is not finite")
        }
        if case .networks(let model, _) = adapted, model.inputCount != base.inputCount {
            throw PluginError.incompatible("saved finetune state: the adapted model's feature count differs from the base's")
        }
        guard reader.remaining == 0 else {
            throw PluginError.incompatible("saved finetune state has \(reader.remaining) unexpected trailing bytes")
        }
    }
}
