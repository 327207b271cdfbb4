import LatKitPluginKit

/// The NAS-Bench-201 search space (plugin `nasbench201`): one cell of 6 edges x 5 operations,
/// 15,625 architectures, repeated 15 times in the CIFAR-10 network (see `NASBench201Network`).
///
/// - Canonical form: the standard cell string, e.g.
///   `|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|`
///   (see `NASBench201Cell`); `arch_columns=arch_str` (the HELP / HW-NAS-Bench column).
/// - Disconnected cells: 341 cells have no path of non-`none` edges from input to output; they
///   are valid architectures (canonicalize accepts them), the fact `disconnected_cells=341`
///   (counted over the whole space the first time the facts are asked for) says so, the extension function
///   `is_connected` (`i(s)`) tells them apart, and the `opcount` encoding carries a flag. Their
///   HW-NAS-Bench `pixel3` / `raspi4` latencies are mostly near zero (pruned graphs): exclude or
///   handle them when training.
/// - Variation: `sample` draws every edge uniformly; `mutate` redraws each edge with
///   `mutation_probability` (uniformly among all 5 operations, so it may keep its value);
///   `resolution_probability` is unused (the space has no resolution or other global gene) but
///   must still be a probability; `crossover` takes each edge from either parent with
///   probability 1/2.
/// - Encodings: `onehot` (default, 30 = 6 edges x 5 operations, edge-major, operations in the
///   order none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3) and `opcount` (6: how
///   many of the 6 edges carry each of the 5 operations, in that order, then 1 if the cell is
///   connected, else 0).
/// - Operators: see `NASBench201Network.operators(of:)`; cost: `NASBench201Network.cost(of:)`.
final class NASBench201Space: CategoricalSearchSpace {
    static let name = "nasbench201"
    static let version = "1.0.0"
    static let summary = "NAS-Bench-201 cell (6 edges x 5 ops, 15,625 cells) in the CIFAR-10 network"
    static let functions = [
        ExtensionFunction(
            name: "is_connected", signature: "i(s)",
            summary: "1 if the cell string has a path from input to output, 0 if not, -1 if it does not parse", isConnected)
    ]

    static let genome = CategoricalGenome(length: NASBench201Cell.edges.count, choices: NASBench201Cell.operations.count)
    static let architectureColumn = "arch_str"
    static let encodingWidths = [
        (name: "onehot", width: genome.oneHotWidth), (name: "opcount", width: NASBench201Cell.operations.count + 1),
    ]
    /// Cells of the whole space without an input-output path (341).
    static let disconnectedCells = NASBench201Cell.all.filter { !$0.isConnected }.count
    static var extraFacts: [(key: String, value: String)] {
        [
            ("architectures", "\(NASBench201Cell.all.count)"),
            ("edges", "\(NASBench201Cell.edges.count)"),
            ("operations", NASBench201Cell.operations.joined(separator: ",")),
            ("disconnected_cells", "\(disconnectedCells)"),
            ("network", "cifar10: stem 3x3 conv 16, 3 stages x 5 cells (C=16/32/64 at 32/16/8), residual reductions, linear 64->10"),
        ]
    }

    init(options: PluginOptions) throws {}

    static func genes(parsing text: String) throws -> [Int] { try NASBench201Cell(parsing: text).ops }
    static func text(of genes: [Int]) -> String { NASBench201Cell(ops: genes).text }

    func encode(genes: [Int], encoding: String, into row: UnsafeMutableBufferPointer<Float>) {
        if encoding == "onehot" {
            Self.genome.writeOneHot(genes, into: row)
        } else {
            for op in genes { row[op] += 1 }
            row[row.count - 1] = NASBench201Cell(ops: genes).isConnected ? 1 : 0
        }
    }

    func operators(genes: [Int]) -> [(key: String, count: Double)] {
        NASBench201Network.operators(of: NASBench201Cell(ops: genes))
    }

    func cost(genes: [Int]) -> (macs: Double, params: Double) {
        NASBench201Network.cost(of: NASBench201Cell(ops: genes))
    }
}

/// `is_connected` for `latkit call`: 1 if the cell string has a path from input to output, 0 if
/// not, -1 if it is NULL or does not parse.
private let isConnected: @convention(c) (UnsafePointer<CChar>?) -> Int32 = { text in
    guard let text, let cell = try? NASBench201Cell(parsing: String(cString: text)) else { return -1 }
    return cell.isConnected ? 1 : 0
}
