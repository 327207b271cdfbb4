/// Multiply-accumulates and parameters, counted as OFA's `count_net_flops` / `count_parameters` do
/// for batch 1: every conv and the classifier count their multiply-accumulates (bias, batch norm,
/// activations and pooling count none); parameters include conv weights, the two batch-norm
/// parameters per channel, the squeeze-excite convs' biases and the classifier's bias.
struct LayerCost: Sendable {
    var macs = 0.0
    var params = 0.0

    static func += (lhs: inout LayerCost, rhs: LayerCost) {
        lhs.macs += rhs.macs
        lhs.params += rhs.params
    }
}

extension NetworkLayer {
    /// The layer's cost. A block is: 1x1 expand conv + BN (absent in the expand-1 first block),
    /// depthwise k x k conv + BN, squeeze-excite (1x1 conv mid -> make_divisible(mid/4, 8) with
    /// bias, 1x1 conv back with bias; on the pooled 1x1 map), 1x1 projection conv + BN.
    var cost: LayerCost {
        let inArea = Double(inputSize * inputSize)
        let outArea = Double(outputSize * outputSize)
        let input = Double(inputChannels)
        let output = Double(outputChannels)
        switch kind {
        case .stem, .finalExpand:
            let kernelArea = kind == .stem ? 9.0 : 1.0
            return LayerCost(macs: outArea * kernelArea * input * output, params: kernelArea * input * output + 2 * output)
        case .pool:
            return LayerCost()
        case .featureMix:
            return LayerCost(macs: input * output, params: input * output)
        case .logits:
            return LayerCost(macs: input * output, params: input * output + output)
        case .block:
            let middle = Double(middleChannels)
            var cost = LayerCost()
            if hasExpandConv { cost += LayerCost(macs: inArea * input * middle, params: input * middle + 2 * middle) }
            let kernelArea = Double(kernel * kernel)
            cost += LayerCost(macs: outArea * middle * kernelArea, params: middle * kernelArea + 2 * middle)
            if squeezeExcite {
                let reduced = Double(makeDivisible(middleChannels / 4))
                cost += LayerCost(macs: 2 * middle * reduced, params: 2 * middle * reduced + reduced + middle)
            }
            cost += LayerCost(macs: outArea * middle * output, params: middle * output + 2 * output)
            return cost
        }
    }
}

extension MobileNetV3Supernet {
    /// The whole network's cost.
    func cost(of arch: SubnetArchitecture) -> LayerCost {
        layers(of: arch).reduce(into: LayerCost()) { $0 += $1.cost }
    }
}
