import LatKitPluginKit

/// One NAS-Bench-201 cell: a DAG of 4 nodes (0 = cell input, 3 = cell output) whose 6 edges
/// `i -> j` (i < j) each carry one of 5 operations.
///
/// Text form (the one NAS-Bench-201 and the HELP / HW-NAS-Bench data use), one group per node
/// 1, 2, 3 listing its incoming edges `op~i` from node i:
///
///     |avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|
///
/// Edges are numbered 0...5 in that written order: 0 = 0->1, 1 = 0->2, 2 = 1->2, 3 = 0->3,
/// 4 = 1->3, 5 = 2->3. That number is the edge's gene index, its one-hot block and the `edgeN` of
/// its operator key.
struct NASBench201Cell: Equatable {
    /// The operations, in gene order (index into `operations`).
    static let operations = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
    /// (from, to) of each edge, in gene order.
    static let edges = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]
    /// Index of `none` in `operations`.
    static let none = 0

    /// Operation index of each of the 6 edges.
    let ops: [Int]

    init(ops: [Int]) {
        precondition(ops.count == Self.edges.count && ops.allSatisfy { Self.operations.indices.contains($0) }, "bad genome")
        self.ops = ops
    }

    /// Parses the standard cell string (surrounding spaces allowed), with an error naming the
    /// node or edge at fault and what is allowed there.
    init(parsing text: String) throws {
        let trimmed = text.trimming(while: \.isWhitespace)
        let groups = trimmed.split(separator: "+", omittingEmptySubsequences: false)
        guard groups.count == 3 else {
            throw PluginError.invalid(
                "a NAS-Bench-201 cell has 3 nodes written as |op~0|+|op~0|op~1|+|op~0|op~1|op~2|, got \(groups.count) group(s) in '\(text)'"
            )
        }
        var ops: [Int] = []
        for (node, group) in groups.enumerated() {
            let target = node + 1
            guard group.count >= 2, group.first == "|", group.last == "|" else {
                throw PluginError.invalid("node \(target): its edges must be written between bars, as |op~i|...|, got '\(group)'")
            }
            let tokens = group.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            guard tokens.count == target else {
                throw PluginError.invalid("node \(target) needs \(target) incoming edge(s) (from nodes 0..<\(target)), got \(tokens.count)")
            }
            for (source, token) in tokens.enumerated() {
                let edge = ops.count
                let parts = token.split(separator: "~", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw PluginError.invalid("edge \(edge) (\(source)->\(target)): expected op~\(source), got '\(token)'")
                }
                guard parts[1] == Substring(String(source)) else {
                    throw PluginError.invalid(
                        "edge \(edge) (\(source)->\(target)): input node must be written ~\(source), got '~\(parts[1])'")
                }
                guard let op = Self.operations.firstIndex(of: String(parts[0])) else {
                    throw PluginError.invalid(
                        "edge \(edge) (\(source)->\(target)): unknown operation '\(parts[0])' (allowed: \(Self.operations.joined(separator: ", ")))"
                    )
                }
                ops.append(op)
            }
        }
        self.ops = ops
    }

    /// The canonical text form (see the type's documentation).
    var text: String {
        var result = ""
        var edge = 0
        for target in 1...3 {
            if target > 1 { result += "+" }
            result += "|"
            for source in 0..<target {
                result += "\(Self.operations[ops[edge]])~\(source)|"
                edge += 1
            }
        }
        return result
    }

    /// Whether some path of non-`none` edges leads from the input node 0 to the output node 3.
    /// A cell without one outputs zeros whatever its input (341 of the 15,625 cells).
    var isConnected: Bool {
        var reached: Set<Int> = [0]
        // Edges are ordered by target node, so one pass reaches every node it can.
        for (edge, (from, to)) in Self.edges.enumerated() where ops[edge] != Self.none && reached.contains(from) {
            reached.insert(to)
        }
        return reached.contains(3)
    }

    /// Every one of the 5^6 = 15,625 cells, in gene order (edge 0 slowest).
    static var all: [NASBench201Cell] {
        let count = operations.count
        let total = (0..<edges.count).reduce(1) { product, _ in product * count }
        return (0..<total).map { number in
            var rest = number
            var ops = [Int](repeating: 0, count: edges.count)
            for edge in stride(from: edges.count - 1, through: 0, by: -1) {
                ops[edge] = rest % count
                rest /= count
            }
            return NASBench201Cell(ops: ops)
        }
    }
}
