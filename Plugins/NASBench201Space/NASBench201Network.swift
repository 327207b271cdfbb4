/// The NAS-Bench-201 CIFAR-10 network around a cell, as NAS-Bench-201's inference model builds it
/// (and as HW-NAS-Bench's CIFAR-10 columns measure it), for MACs, parameters and operator keys:
///
/// - stem: 3x3 conv 3 -> 16 (no bias) + BN, at 32x32;
/// - stage s = 0, 1, 2: 5 copies of the cell with C = 16, 32, 64 channels at 32x32, 16x16, 8x8;
///   `nor_conv_kxk` = ReLU -> kxk conv C -> C (stride 1, no bias) -> BN; `avg_pool_3x3`,
///   `skip_connect` and `none` have no weights;
/// - between stages a residual reduction block C -> 2C: ReLU-Conv3x3(stride 2)-BN,
///   ReLU-Conv3x3-BN, and a shortcut AvgPool2x2 -> 1x1 conv C -> 2C (no bias, no BN);
/// - head: BN + ReLU, global average pooling, linear 64 -> 10 (with bias).
///
/// MACs count the multiply-accumulates of convolutions and the linear layer only (BN, ReLU,
/// pooling and additions are not counted). Parameters count conv and linear weights, linear bias
/// and the BN affine weight and bias (2 per channel; running statistics are buffers, not
/// parameters). With these rules the all-`none` network has 7,783,040 MACs and 73,306
/// parameters and the all-`nor_conv_3x3` one 220,119,680 MACs and 1,531,546 parameters.
enum NASBench201Network {
    /// Cell channels of the three stages.
    static let channels = [16, 32, 64]
    /// Feature-map side of the three stages.
    static let sides = [32, 16, 8]
    /// Cells per stage.
    static let cellsPerStage = 5
    /// Input channels and side of the stem, and the number of classes.
    static let inputChannels = 3
    static let inputSide = 32
    static let classes = 10

    /// Cells in the whole network: the count of every edge operator key.
    static var cellCount: Int { channels.count * cellsPerStage }

    /// Multiply-accumulates and parameters of one edge operation at stage `stage`.
    static func edgeCost(operation: Int, stage: Int) -> (macs: Double, params: Double) {
        let c = channels[stage]
        let area = sides[stage] * sides[stage]
        switch NASBench201Cell.operations[operation] {
        case "nor_conv_1x1": return (Double(area * c * c), Double(c * c + 2 * c))
        case "nor_conv_3x3": return (Double(area * c * c * 9), Double(c * c * 9 + 2 * c))
        default: return (0, 0)
        }
    }

    /// The fixed part of the network (stem, reduction blocks, head), which every cell shares.
    static let skeleton: (macs: Double, params: Double) = {
        var macs = 0
        var params = 0
        // Stem: 3x3 conv + BN.
        macs += inputSide * inputSide * inputChannels * channels[0] * 9
        params += inputChannels * channels[0] * 9 + 2 * channels[0]
        // Residual reduction blocks between stages.
        for stage in 1..<channels.count {
            let (cIn, cOut) = (channels[stage - 1], channels[stage])
            let area = sides[stage] * sides[stage]
            macs += area * cIn * cOut * 9 + area * cOut * cOut * 9 + area * cIn * cOut
            params += (cIn * cOut * 9 + 2 * cOut) + (cOut * cOut * 9 + 2 * cOut) + cIn * cOut
        }
        // Head: BN + ReLU, pooling, linear.
        let last = channels[channels.count - 1]
        macs += last * classes
        params += 2 * last + last * classes + classes
        return (Double(macs), Double(params))
    }()

    /// MACs and parameters of the network built from `cell`.
    static func cost(of cell: NASBench201Cell) -> (macs: Double, params: Double) {
        var total = skeleton
        for stage in channels.indices {
            for op in cell.ops {
                let edge = edgeCost(operation: op, stage: stage)
                total.macs += edge.macs * Double(cellsPerStage)
                total.params += edge.params * Double(cellsPerStage)
            }
        }
        return total
    }

    /// Operator keys of the fixed part, each present once in every network.
    static let skeletonKeys: [String] = {
        let last = channels.count - 1
        var keys = ["stem:conv3x3-bn:in=\(inputSide)x\(inputSide)x\(inputChannels):out=\(channels[0])"]
        for stage in 1..<channels.count {
            keys.append(
                "reduction\(stage):resblock:in=\(sides[stage - 1])x\(sides[stage - 1])x\(channels[stage - 1])"
                    + ":out=\(sides[stage])x\(sides[stage])x\(channels[stage])")
        }
        keys.append("head:bn-relu-pool-fc:in=\(sides[last])x\(sides[last])x\(channels[last]):out=\(classes)")
        return keys
    }()

    /// The operators of the network built from `cell`: the skeleton keys (count 1) and one key
    /// `edge<j>:<operation>` per edge whose operation is not `none`, counted once per cell of the
    /// network (15). `none` edges are left out: they compute nothing.
    static func operators(of cell: NASBench201Cell) -> [(key: String, count: Double)] {
        var result = skeletonKeys.map { (key: $0, count: 1.0) }
        for (edge, op) in cell.ops.enumerated() where op != NASBench201Cell.none {
            result.append((key: "edge\(edge):\(NASBench201Cell.operations[op])", count: Double(cellCount)))
        }
        return result
    }
}
