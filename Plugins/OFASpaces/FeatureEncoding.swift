import LatKitPluginKit

/// The feature encodings a space offers (the `encodings` fact lists them, default first).
///
/// - `paper128` (default, 128 features): OFA's `spec2feats`, exactly as the OFA tutorial accuracy
///   predictor and the OFANAS latency predictors read it. Positions 0..59: kernel one-hot, for each
///   active slot i `x[3*i + {3:0, 5:1, 7:2}[ks]] = 1`; 60..119: expand one-hot,
///   `x[60 + 3*i + {3:0, 4:1, 6:2}[e]] = 1`; 120..127: resolution one-hot `x[120 + (r-112)//16] = 1`.
///   Inactive slots (beyond their stage's depth) are all zeros.
/// - `rich` (151 features): `paper128`, then 128..142 the depth one-hot `x[128 + 3*stage + (d-2)]`,
///   143 `r / 224`, 144..148 each stage's multiply-accumulates in units of 1e8, 149 the whole
///   network's multiply-accumulates in units of 1e9, 150 its parameters in units of 1e7 (the MACs
///   and parameters of the `cost` call, so they depend on the space's width).
enum FeatureEncoding: String, CaseIterable, Sendable {
    case paper128
    case rich

    /// The default encoding.
    static let standard = FeatureEncoding.paper128

    /// The encoding called `name` (nil = the default), or an error listing those offered.
    static func named(_ name: String?) throws -> FeatureEncoding {
        guard let name, !name.isEmpty else { return standard }
        guard let encoding = FeatureEncoding(rawValue: name) else {
            throw PluginError.invalid(
                "unknown encoding '\(name)' (available: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return encoding
    }

    /// Number of features.
    var featureCount: Int {
        switch self {
        case .paper128: return 128
        case .rich: return 151
        }
    }

    /// Writes the features of `arch` into `row` (featureCount values, which must be zero on entry).
    func encode(_ arch: SubnetArchitecture, supernet: MobileNetV3Supernet, into row: UnsafeMutablePointer<Float>) {
        Self.encodePaper128(arch, into: row)
        guard self == .rich else { return }
        for stage in 0..<MobileNetV3Supernet.stageCount { row[128 + 3 * stage + Int(arch.depths[stage]) - 2] = 1 }
        row[143] = Float(Double(arch.resolution) / 224)
        var stageMacs = [Double](repeating: 0, count: MobileNetV3Supernet.stageCount)
        var total = LayerCost()
        for layer in supernet.layers(of: arch) {
            let cost = layer.cost
            total += cost
            if layer.stage >= 0 { stageMacs[layer.stage] += cost.macs }
        }
        for stage in 0..<MobileNetV3Supernet.stageCount { row[144 + stage] = Float(stageMacs[stage] / 1e8) }
        row[149] = Float(total.macs / 1e9)
        row[150] = Float(total.params / 1e7)
    }

    private static func encodePaper128(_ arch: SubnetArchitecture, into row: UnsafeMutablePointer<Float>) {
        for slot in 0..<MobileNetV3Supernet.slotCount where arch.isActive(slot: slot) {
            row[3 * slot + (Int(arch.kernels[slot]) - 3) / 2] = 1
            let expand = Int(arch.expands[slot])
            row[60 + 3 * slot + (expand == 6 ? 2 : expand - 3)] = 1
        }
        row[120 + (arch.resolution - 112) / 16] = 1
    }
}
