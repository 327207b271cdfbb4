/// The fixed skeleton of OFA's MobileNetV3 supernet (`ofa_mbv3_d234_e346_k357_w1.0` / `_w1.2`):
/// channel widths, strides, squeeze-excite and h-swish placement, and the choices each block has.
///
/// The network is: a 3x3 stride-2 stem conv (3 -> `stemChannels`, h-swish), a first MBConv block
/// (`stemChannels` -> `stemChannels`, expand 1, kernel 3, stride 1, identity skip), five stages of
/// 2..4 elastic MBConv blocks, then the head: a 1x1 "final expand" conv to `finalExpandChannels`
/// (h-swish), global average pooling, a 1x1 "feature mix" conv to `featureMixChannels` (h-swish,
/// no batch norm) and the 1000-way linear classifier.
struct MobileNetV3Supernet: Sendable {
    /// Width multiplier as written in the supernet's name ("1.0" or "1.2").
    let width: String
    /// Output channels of the stem conv and of the first block.
    let stemChannels: Int
    /// Output channels of stages 0..4.
    let stageChannels: [Int]
    /// Output channels of the final 1x1 expand conv (`Conv_1`).
    let finalExpandChannels: Int
    /// Output channels of the feature-mix conv (`Conv_2`).
    let featureMixChannels: Int
    /// Classifier outputs.
    let classes = 1000

    /// The w1.0 supernet: stem 16; stages 24/40/80/112/160; head 960 -> 1280 -> 1000.
    static let w10 = MobileNetV3Supernet(
        width: "1.0", stemChannels: 16, stageChannels: [24, 40, 80, 112, 160], finalExpandChannels: 960,
        featureMixChannels: 1280)
    /// The w1.2 supernet: stem 24; stages 32/48/96/136/192; head 1152 -> 1536 -> 1000 (the Note10 LUT's network).
    static let w12 = MobileNetV3Supernet(
        width: "1.2", stemChannels: 24, stageChannels: [32, 48, 96, 136, 192], finalExpandChannels: 1152,
        featureMixChannels: 1536)

    /// The supernet of a width option ("1.0" or "1.2").
    static func of(width: String) -> MobileNetV3Supernet? {
        switch width {
        case "1.0": return w10
        case "1.2": return w12
        default: return nil
        }
    }

    /// The supernet's name in OFA's model zoo.
    var zooName: String { "ofa_mbv3_d234_e346_k357_w\(width)" }

    // MARK: Facts shared by both widths

    /// Number of elastic stages.
    static let stageCount = 5
    /// Block slots per stage (the largest depth).
    static let slotsPerStage = 4
    /// Block slots in all: slot `4 * stage + block`.
    static let slotCount = stageCount * slotsPerStage
    /// Stride of the first block of each stage (later blocks have stride 1).
    static let stageStrides = [2, 2, 2, 1, 2]
    /// Whether the blocks of each stage have a squeeze-excite module.
    static let stageUsesSE = [false, true, false, true, true]
    /// Whether the blocks of each stage use h-swish (otherwise ReLU).
    static let stageUsesHSwish = [false, false, true, true, true]
    /// Depthwise kernel sizes a block may take.
    static let kernelChoices = [3, 5, 7]
    /// Expand ratios a block may take (middle channels = input channels x ratio).
    static let expandChoices = [3, 4, 6]
    /// Depths a stage may take.
    static let depthChoices = [2, 3, 4]
    /// Resolutions of the OFANAS paper's data sets (the `paper` option).
    static let paperResolutions = [160, 176, 192, 208, 224]
    /// The default resolutions: 128..224 step 4 (as in HELP's OFA data).
    static let defaultResolutions = Array(stride(from: 128, through: 224, by: 4))
    /// Resolutions the paper128 encoding can express: (r - 112) // 16 must be a bin 0..7.
    static let encodableResolutions = 112...239

    /// Input channels of stage `stage`'s first block.
    func stageInput(_ stage: Int) -> Int { stage == 0 ? stemChannels : stageChannels[stage - 1] }
}

/// OFA's `make_divisible(v, divisor)`: rounds to the nearest multiple of `divisor` (at least
/// `divisor`), adding one more step when rounding lost more than 10%.
func makeDivisible(_ value: Int, divisor: Int = 8) -> Int {
    var rounded = max(divisor, (value + divisor / 2) / divisor * divisor)
    if Double(rounded) < 0.9 * Double(value) { rounded += divisor }
    return rounded
}
