import LatKitPluginABI
import LatKitPluginKit

/// The smallest useful estimator: predicts the mean training latency, with the training standard
/// deviation as its uncertainty. It shows the SDK at work and is the floor every estimator must beat.
final class MeanEstimator: EstimatorPlugin {
    static let name = "example-mean"
    static let version = "1.0.0"
    static let summary = "Predicts the mean training latency (Swift SDK example; the floor to beat)"
    static let optionsHelp = "shift=0  constant added to every prediction (ms)"
    static let views = 0
    static let capabilities = Int(LATKIT_CAN_FIT | LATKIT_HAS_STD | LATKIT_CAN_SAVE)
    static let functions = [
        ExtensionFunction(name: "scale", signature: "d(d,d)", summary: "x * factor", scale),
        ExtensionFunction(name: "abi_major", signature: "i()", summary: "ABI major version the plugin was built for", abiMajor),
    ]

    private let shift: Double
    private var state: (mean: Double, std: Double)?

    init(options: PluginOptions) throws {
        shift = try options.double("shift", default: 0)
    }

    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws {
        let targets = try train.requireTargets()
        guard !targets.isEmpty else { throw PluginError.invalid("cannot fit on zero rows") }
        let mean = targets.reduce(0, +) / Double(targets.count)
        let variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(targets.count)
        state = (mean, variance.squareRoot())
    }

    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws {
        guard let state else { throw PluginError.state("predict called before fit or load") }
        for row in 0..<batch.count {
            mean[row] = state.mean + shift
            std?[row] = state.std
        }
    }

    func save() throws -> [UInt8] {
        guard let state else { throw PluginError.state("nothing to save before fit") }
        var bytes: [UInt8] = []
        for value in [state.mean, state.std] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    func load(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count == 16 else { throw PluginError.incompatible("saved state must be 16 bytes, got \(bytes.count)") }
        let mean = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
        let std = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        state = (mean, std)
    }
}

private let scale: @convention(c) (Double, Double) -> Double = { $0 * $1 }
private let abiMajor: @convention(c) () -> Int32 = { Int32(LATKIT_ABI_VERSION_MAJOR) }
