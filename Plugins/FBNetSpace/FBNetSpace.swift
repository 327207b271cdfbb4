import LatKitPluginKit

/// The FBNet search space (plugin `fbnet`): 22 searchable layers x 9 block choices (9^22, about
/// 9.8e20 architectures) in HW-NAS-Bench's CIFAR-100 network (see `FBNetNetwork`).
///
/// - Canonical form: the 22 block names joined by `-` (see `FBNetArchitecture`), e.g.
///   `k5_e6-skip-k3_e1_g2-skip-k5_e1-skip-skip-skip-k5_e6-k5_e1-k3_e1_g2-k5_e1-k5_e6-k3_e6-k3_e3-k5_e6-k3_e6-k3_e3-k5_e1-k3_e3-k5_e1-k5_e1_g2`;
///   `canonicalize` also accepts the op-index form (`7-8-1-...`) and the space-separated names.
///   `arch_columns=op_idx` (the HELP column of 22 op indices joined by `-`).
/// - Block op indices (HW-NAS-Bench order): 0 k3_e1, 1 k3_e1_g2, 2 k3_e3, 3 k3_e6, 4 k5_e1,
///   5 k5_e1_g2, 6 k5_e3, 7 k5_e6, 8 skip.
/// - Variation: `sample` draws every layer uniformly; `mutate` redraws each layer with
///   `mutation_probability` (uniformly among all 9 blocks, so it may keep its value);
///   `resolution_probability` is unused (fixed 32x32 input, no global gene) but must still be a
///   probability; `crossover` takes each layer from either parent with probability 1/2.
/// - Encodings: `onehot` (default, 198 = 22 layers x 9 blocks, layer-major, blocks in op index
///   order), `opcount` (9: how many layers use each block, op index order) and `layermacs` (22:
///   the MACs of each layer's block in millions, 0 for an identity skip).
/// - Operators: see `FBNetNetwork.operators(of:)`; the HW-NAS-Bench columns (`pixel3`, `raspi4`,
///   `eyeriss`, `fpga`) are exactly additive over these keys (data README 2.3; the tests check
///   `pixel3`). Cost: `FBNetNetwork.cost(of:)`.
final class FBNetSpace: CategoricalSearchSpace {
    static let name = "fbnet"
    static let version = "1.0.0"
    static let summary = "FBNet space (22 layers x 9 blocks) in HW-NAS-Bench's CIFAR-100 network"

    static let genome = CategoricalGenome(length: FBNetArchitecture.layerCount, choices: FBNetBlock.all.count)
    static let architectureColumn = "op_idx"
    static let encodingWidths = [
        (name: "onehot", width: genome.oneHotWidth), (name: "opcount", width: FBNetBlock.all.count),
        (name: "layermacs", width: FBNetArchitecture.layerCount),
    ]
    static var extraFacts: [(key: String, value: String)] {
        [
            ("layers", "\(FBNetArchitecture.layerCount)"),
            ("blocks", FBNetBlock.names.joined(separator: ",")),
            ("network", "cifar100 (HW-NAS-Bench FBNet_Infer): stem 3x3 conv 16, 22 layers, 1x1 conv 1504, linear 1504->100"),
        ]
    }

    init(options: PluginOptions) throws {}

    static func genes(parsing text: String) throws -> [Int] { try FBNetArchitecture(parsing: text).ops }
    static func text(of genes: [Int]) -> String { FBNetArchitecture(ops: genes).text }

    func encode(genes: [Int], encoding: String, into row: UnsafeMutableBufferPointer<Float>) {
        switch encoding {
        case "onehot":
            Self.genome.writeOneHot(genes, into: row)
        case "opcount":
            for op in genes { row[op] += 1 }
        default:
            for (layer, op) in zip(FBNetNetwork.layers, genes) { row[layer.index] = Float(layer.cost(FBNetBlock.all[op]).macs / 1e6) }
        }
    }

    func operators(genes: [Int]) -> [(key: String, count: Double)] {
        FBNetNetwork.operators(of: FBNetArchitecture(ops: genes))
    }

    func cost(genes: [Int]) -> (macs: Double, params: Double) {
        FBNetNetwork.cost(of: FBNetArchitecture(ops: genes))
    }
}
