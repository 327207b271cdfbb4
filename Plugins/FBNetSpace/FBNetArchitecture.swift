import LatKitPluginKit

/// An FBNet architecture: the block chosen (op index 0...8, see `FBNetBlock`) for each of the 22
/// searchable layers.
///
/// Canonical text form: the 22 block names joined by `-`, e.g.
/// `k5_e6-skip-k3_e1_g2-skip-k5_e1-...` (names contain `_` but never `-`, so the form is
/// unambiguous). Parsing also accepts the data's two other forms: the `op_idx` column (22 op
/// indices joined by `-`) and the `blocks` column (22 names separated by spaces); any mix of
/// names and indices separated by `-`, `,`, spaces or tabs is read the same way.
struct FBNetArchitecture: Equatable {
    /// Number of searchable layers.
    static let layerCount = 22

    /// Op index of each layer.
    let ops: [Int]

    init(ops: [Int]) {
        precondition(ops.count == Self.layerCount && ops.allSatisfy { FBNetBlock.all.indices.contains($0) }, "bad genome")
        self.ops = ops
    }

    /// Parses any accepted form, with an error naming the layer at fault and the allowed blocks.
    init(parsing text: String) throws {
        let separators: Set<Character> = ["-", ",", " ", "\t", "\r", "\n"]
        let tokens = text.split(whereSeparator: { separators.contains($0) })
        guard tokens.count == Self.layerCount else {
            throw PluginError.invalid(
                "an FBNet architecture has \(Self.layerCount) layers (block names or op indices 0-8 joined by '-'), got \(tokens.count) in '\(text)'"
            )
        }
        ops = try tokens.enumerated().map { layer, token in
            if let index = FBNetBlock.names.firstIndex(of: String(token)) { return index }
            if token.allSatisfy(\.isASCIIDigit), let index = Int(token), FBNetBlock.all.indices.contains(index) { return index }
            throw PluginError.invalid(
                "layer \(layer): unknown block '\(token)' (allowed: \(FBNetBlock.names.joined(separator: ", ")), or their op indices 0-8)")
        }
    }

    /// The canonical text form: block names joined by `-`.
    var text: String { ops.map { FBNetBlock.names[$0] }.joined(separator: "-") }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
