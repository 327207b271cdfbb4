/// One of the 9 FBNet block choices, in HW-NAS-Bench's op index order: index 0...7 are inverted
/// residual blocks (1x1 group conv C_in -> C_in*e, BN, ReLU, [channel shuffle when g > 1], kxk
/// depthwise conv with the layer's stride, BN, ReLU, 1x1 group conv -> C_out, BN, plus the
/// input when C_in == C_out and stride 1); index 8 is `skip` (identity, or 1x1 conv + BN + ReLU
/// where the layer changes channels or stride).
struct FBNetBlock: Equatable {
    /// Block name as in the data, e.g. `k5_e1_g2`.
    let name: String
    /// Depthwise kernel size (0 for skip).
    let kernel: Int
    /// Expansion ratio (0 for skip).
    let expansion: Int
    /// Groups of the two 1x1 convolutions.
    let groups: Int

    var isSkip: Bool { kernel == 0 }

    /// The 9 blocks by op index.
    static let all: [FBNetBlock] = [
        FBNetBlock(name: "k3_e1", kernel: 3, expansion: 1, groups: 1),
        FBNetBlock(name: "k3_e1_g2", kernel: 3, expansion: 1, groups: 2),
        FBNetBlock(name: "k3_e3", kernel: 3, expansion: 3, groups: 1),
        FBNetBlock(name: "k3_e6", kernel: 3, expansion: 6, groups: 1),
        FBNetBlock(name: "k5_e1", kernel: 5, expansion: 1, groups: 1),
        FBNetBlock(name: "k5_e1_g2", kernel: 5, expansion: 1, groups: 2),
        FBNetBlock(name: "k5_e3", kernel: 5, expansion: 3, groups: 1),
        FBNetBlock(name: "k5_e6", kernel: 5, expansion: 6, groups: 1),
        FBNetBlock(name: "skip", kernel: 0, expansion: 0, groups: 1),
    ]

    /// Block names by op index.
    static let names = all.map(\.name)
}
