/// The FBNet network in HW-NAS-Bench's CIFAR-100 configuration, for MACs, parameters and operator
/// keys.
///
/// Source: `FBNet_Infer` in `hw_nas_bench_api/fbnet_models/model_infer.py` of GATECH-EIC/HW-NAS-Bench
/// (commit 6c67e04375d0b9016846cce627f67804235f5e9e), with `dataset="cifar100"`, the configuration
/// HELP's `metainfo.pt` names (`{'dataset':'cifar100','num_classes':100}`):
///
/// - input 32x32x3; stem: 3x3 conv 3 -> 16, stride 1, padding 1, no bias, BN, ReLU;
/// - 7 stages of 1, 4, 4, 4, 4, 4, 1 searchable layers with 16, 24, 32, 64, 112, 184, 352 output
///   channels; the first layer of a stage has the stage stride (1, 1, 2, 2, 1, 2, 1: the
///   "unofficial CIFAR" strides) and the previous stage's channels as input, the others stride 1;
/// - depthwise padding ceil((k - stride) / 2), so a stride-2 layer halves the side: 32, 32, 16,
///   8, 8, 4, 4 per stage;
/// - head: 1x1 conv 352 -> 1504 + BN + ReLU, global average pooling, linear 1504 -> 100.
///
/// MACs count convolutions and the linear layer; parameters count conv and linear weights, the
/// linear bias and the BN affine weight and bias (2 per channel).
enum FBNetNetwork {
    static let inputSide = 32
    static let inputChannels = 3
    static let stemChannels = 16
    static let stemStride = 1
    static let stageLayers = [1, 4, 4, 4, 4, 4, 1]
    static let stageChannels = [16, 24, 32, 64, 112, 184, 352]
    static let stageStrides = [1, 1, 2, 2, 1, 2, 1]
    static let headChannels = 1504
    static let classes = 100

    /// Shape of one searchable layer.
    struct Layer {
        let index: Int
        let inChannels: Int
        let outChannels: Int
        let stride: Int
        /// Input feature-map side.
        let side: Int

        /// Output side of a kxk convolution with this layer's stride and HW-NAS-Bench's padding.
        func outSide(kernel: Int) -> Int {
            let padding = (kernel - stride + 1) / 2
            return (side + 2 * padding - kernel) / stride + 1
        }

        /// Whether `skip` is a plain identity here (no channel or stride change).
        var skipIsIdentity: Bool { inChannels == outChannels && stride == 1 }

        /// Multiply-accumulates and parameters of `block` in this layer (0 for an identity skip).
        func cost(_ block: FBNetBlock) -> (macs: Double, params: Double) {
            if block.isSkip {
                if skipIsIdentity { return (0, 0) }
                let out = outSide(kernel: 1)
                return (Double(out * out * inChannels * outChannels), Double(inChannels * outChannels + 2 * outChannels))
            }
            let middle = inChannels * block.expansion
            let out = outSide(kernel: block.kernel)
            let expand = side * side * inChannels * middle / block.groups
            let depthwise = out * out * middle * block.kernel * block.kernel
            let project = out * out * middle * outChannels / block.groups
            let weights =
                inChannels * middle / block.groups + middle * block.kernel * block.kernel + middle * outChannels / block.groups
            let batchNorm = 2 * middle + 2 * middle + 2 * outChannels
            return (Double(expand + depthwise + project), Double(weights + batchNorm))
        }

        /// Operator key of `block` here, e.g. `layer07:k5_e6:in=16x16x32:out=32:s1`; nil for an
        /// identity skip, which computes nothing.
        func key(_ block: FBNetBlock) -> String? {
            if block.isSkip && skipIsIdentity { return nil }
            let number = index < 10 ? "0\(index)" : "\(index)"
            return "layer\(number):\(block.name):in=\(side)x\(side)x\(inChannels):out=\(outChannels):s\(stride)"
        }
    }

    /// The 22 searchable layers in order.
    static let layers: [Layer] = {
        var result: [Layer] = []
        var channels = stemChannels
        var side = (inputSide - 1) / stemStride + 1
        for (stage, count) in stageLayers.enumerated() {
            for position in 0..<count {
                let stride = position == 0 ? stageStrides[stage] : 1
                let layer = Layer(index: result.count, inChannels: channels, outChannels: stageChannels[stage], stride: stride, side: side)
                result.append(layer)
                channels = layer.outChannels
                side = layer.outSide(kernel: 3)
            }
        }
        return result
    }()

    /// Side of the feature map the head sees.
    static var lastSide: Int { layers[layers.count - 1].outSide(kernel: 3) }

    /// The stem and the head, present in every network.
    static let fixed: (macs: Double, params: Double) = {
        let stemSide = (inputSide - 1) / stemStride + 1
        let last = stageChannels[stageChannels.count - 1]
        let macs =
            stemSide * stemSide * inputChannels * stemChannels * 9 + lastSide * lastSide * last * headChannels
            + headChannels * classes
        let params =
            inputChannels * stemChannels * 9 + 2 * stemChannels + last * headChannels + 2 * headChannels + headChannels * classes
            + classes
        return (Double(macs), Double(params))
    }()

    /// MACs and parameters of the whole network.
    static func cost(of architecture: FBNetArchitecture) -> (macs: Double, params: Double) {
        var total = fixed
        for (layer, op) in zip(layers, architecture.ops) {
            let cost = layer.cost(FBNetBlock.all[op])
            total.macs += cost.macs
            total.params += cost.params
        }
        return total
    }

    /// Operator keys of the stem and the head, each present once in every network.
    static let fixedKeys: [String] = [
        "stem:conv3x3-bn-relu:in=\(inputSide)x\(inputSide)x\(inputChannels):out=\(stemChannels):s\(stemStride)",
        "head:conv1x1-bn-relu-pool-fc:in=\(lastSide)x\(lastSide)x\(stageChannels[stageChannels.count - 1])"
            + ":mid=\(headChannels):out=\(classes)",
    ]

    /// The operators of a network: the two fixed keys and one key per layer (count 1 each), except
    /// identity skips (layers 0, 2-4, 6-8, 10-12, 14-16, 18-20), which compute nothing. A skip that
    /// changes channels or stride (layers 1, 5, 9, 13, 17, 21) is a 1x1 conv and has its key.
    static func operators(of architecture: FBNetArchitecture) -> [(key: String, count: Double)] {
        fixedKeys.map { (key: $0, count: 1.0) }
            + zip(layers, architecture.ops).compactMap { layer, op in
                layer.key(FBNetBlock.all[op]).map { (key: $0, count: 1.0) }
            }
    }
}
