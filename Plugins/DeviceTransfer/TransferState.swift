import LatKitLearning
import LatKitNumerics
import LatKitPluginKit

/// The saved state of a transfer model (little-endian, see `SavedStateWriter`): magic "LKTR",
/// version 3 (version 2 lacks the series' learned models, version 1 the log MACs too); zero-shot
/// rule byte, sources per target, zero-shot log std; an optional level model; the architectures;
/// their log MACs (count, then values; none without the cost line); the profiles (series key,
/// descriptor, ridge, level, residual std, measured architectures by index with their log
/// latency, then u8 1 and the feature count and the fields of its learned `HybridModel` (see
/// `HybridModel.encode(into:)`), or u8 0); the adapted mappings (each source's profile stored plus
/// one, 0 for the cost line).
enum TransferState {
    /// The layout version `write` produces; `read` takes 1 to this.
    static let version: UInt8 = 3

    static func write(_ model: TransferModel, into writer: inout SavedStateWriter) {
        writer.write(model.zeroShot.rawValue)
        writer.write(UInt32(model.sourcesPerTarget))
        writer.write(model.zeroShotLogStd)
        writer.write(UInt8(model.levelModel == nil ? 0 : 1))
        if let level = model.levelModel { writeRidge(level, into: &writer) }
        writer.write(UInt32(model.architectures.count))
        for architecture in model.architectures { writer.write(architecture) }
        writer.write(UInt32(model.logMacs.count))
        for value in model.logMacs { writer.write(value) }
        writer.write(UInt32(model.profiles.count))
        for profile in model.profiles {
            writeKey(profile.key, into: &writer)
            writer.write(UInt32(profile.descriptor.count))
            for value in profile.descriptor { writer.write(Double(value)) }
            writeRidge(profile.model, into: &writer)
            writer.write(profile.level)
            writer.write(profile.residualStd)
            let measured = profile.measured.indices.filter { !profile.measured[$0].isNaN }
            writer.write(UInt32(measured.count))
            for index in measured {
                writer.write(UInt32(index))
                writer.write(profile.measured[index])
            }
            if let network = profile.network {
                writer.write(UInt8(1))
                writer.write(UInt32(network.inputCount))
                network.encode(into: &writer)
            } else {
                writer.write(UInt8(0))
            }
        }
        writer.write(UInt32(model.adapted.count))
        for key in model.adapted.keys.sorted() {
            let mapping = model.adapted[key]!
            writeKey(key, into: &writer)
            writer.write(mapping.logStd)
            writer.write(mapping.origin)
            writer.write(UInt32(mapping.sources.count))
            for source in mapping.sources {
                // Version 2: profile + 1, so 0 is the cost line (`SeriesMapping.costSource`).
                writer.write(UInt32(source.profile + 1))
                writer.write(source.slope)
                writer.write(source.intercept)
                writer.write(source.weight)
            }
        }
    }

    static func read(from reader: inout SavedStateReader, version: UInt8) throws -> TransferModel {
        let ruleCode = try reader.readUInt8()
        guard let rule = TransferModel.ZeroShotRule(rawValue: ruleCode) else {
            throw PluginError.incompatible("saved transfer model has unknown zero-shot rule \(ruleCode)")
        }
        let sources = Int(try reader.readUInt32())
        let zeroShotLogStd = try finite(try reader.readDouble())
        let level = try reader.readUInt8() == 1 ? try readRidge(from: &reader) : nil
        let architectureCount = try reader.readCount(minimumItemBytes: 4)
        let architectures = try (0..<architectureCount).map { _ in try reader.readString() }
        // Version 2 added the architectures' log MACs (the cost line); version 1 models have none.
        let logMacs = try version >= 2 ? (0..<reader.readCount(minimumItemBytes: 8)).map { _ in try finite(try reader.readDouble()) } : []
        guard logMacs.isEmpty || logMacs.count == architectureCount else {
            throw PluginError.incompatible("saved transfer model has \(logMacs.count) MAC values for \(architectureCount) architectures")
        }
        let profileCount = try reader.readCount(minimumItemBytes: 40)
        var profiles: [SeriesProfile] = []
        for _ in 0..<profileCount {
            let key = try readKey(from: &reader)
            let width = try reader.readCount(minimumItemBytes: 8)
            let descriptor = try (0..<width).map { _ in Float(try finite(try reader.readDouble())) }
            let ridge = try readRidge(from: &reader)
            let levelValue = try finite(try reader.readDouble())
            let residual = try finite(try reader.readDouble())
            let measuredCount = try reader.readCount(minimumItemBytes: 12)
            var measured = [Double](repeating: .nan, count: architectureCount)
            for _ in 0..<measuredCount {
                let index = Int(try reader.readUInt32())
                guard index < architectureCount else {
                    throw PluginError.incompatible("saved transfer model measures architecture \(index) of \(architectureCount)")
                }
                measured[index] = try finite(try reader.readDouble())
            }
            var network: HybridModel?
            if version >= 3, try reader.readUInt8() == 1 {
                let inputCount = Int(try reader.readUInt32())
                guard inputCount == ridge.weights.count else {
                    throw PluginError.incompatible(
                        "saved transfer model: series \(key) has a learned model of \(inputCount) features, its ridge \(ridge.weights.count)"
                    )
                }
                network = try HybridModel(
                    decoding: &reader, inputCount: inputCount, version: HybridModel.layoutVersion,
                    what: "saved transfer model, series \(key)")
            }
            profiles.append(
                SeriesProfile(
                    key: key, descriptor: descriptor, measured: measured, model: ridge, level: levelValue, residualStd: residual,
                    network: network))
        }
        var model = TransferModel(
            architectures: architectures, profiles: profiles, zeroShot: rule, sourcesPerTarget: max(sources, 1), levelModel: level,
            zeroShotLogStd: zeroShotLogStd)
        model.logMacs = logMacs
        let adaptedCount = try reader.readCount(minimumItemBytes: 16)
        for _ in 0..<adaptedCount {
            let key = try readKey(from: &reader)
            let logStd = try finite(try reader.readDouble())
            let origin = try reader.readString()
            let count = try reader.readCount(minimumItemBytes: 28)
            let list = try (0..<count).map { _ -> SeriesMapping.Source in
                let stored = Int(try reader.readUInt32())
                let profile = version >= 2 ? stored - 1 : stored
                guard profile < profiles.count, profile >= 0 || (profile == SeriesMapping.costSource && !logMacs.isEmpty) else {
                    throw PluginError.incompatible("saved transfer model maps from series \(profile) of \(profiles.count)")
                }
                return .init(
                    profile: profile, slope: try finite(try reader.readDouble()), intercept: try finite(try reader.readDouble()),
                    weight: try finite(try reader.readDouble()))
            }
            guard !list.isEmpty else { throw PluginError.incompatible("saved transfer model maps \(key) from no series") }
            model.adapted[key] = SeriesMapping(sources: list, logStd: logStd, origin: origin)
        }
        return model
    }

    private static func finite(_ value: Double) throws -> Double {
        guard value.isFinite else { throw PluginError.incompatible("saved transfer model holds a non-finite number") }
        return value
    }

    private static func writeKey(_ key: SeriesKey, into writer: inout SavedStateWriter) {
        writer.write(key.device)
        writer.write(Double(key.batchSize))
    }

    private static func readKey(from reader: inout SavedStateReader) throws -> SeriesKey {
        SeriesKey(device: try reader.readString(), batchSize: Float(try finite(try reader.readDouble())))
    }

    private static func writeRidge(_ ridge: RidgeRegression, into writer: inout SavedStateWriter) {
        writer.write(UInt32(ridge.weights.count))
        for weight in ridge.weights { writer.write(weight) }
        writer.write(ridge.intercept)
        writer.write(ridge.lambda)
    }

    private static func readRidge(from reader: inout SavedStateReader) throws -> RidgeRegression {
        let count = try reader.readCount(minimumItemBytes: 8)
        let weights = try (0..<count).map { _ in try finite(try reader.readDouble()) }
        return RidgeRegression(weights: weights, intercept: try finite(try reader.readDouble()), lambda: try reader.readDouble())
    }
}
