extension NetworkLayer {
    /// The layer's key in OFA's latency lookup tables (`MBv3LatencyTable`, e.g. the Note10 YAML
    /// files), e.g. `expanded_conv-input:14x14x136-output:14x14x136-expand:408-kernel:3-stride:1-idskip:1-se:1-hs:1`,
    /// `Conv-input:224x224x3-output:112x112x24`, `Conv_1-input:7x7x192-output:7x7x1152`,
    /// `AvgPool2D-input:7x7x1152-output:1x1x1152`, `Conv_2-input:1x1x1152-output:1x1x1536`,
    /// `Logits-input:1x1x1536-output:1000`.
    var lookupKey: String {
        let shapes = "input:\(inputSize)x\(inputSize)x\(inputChannels)-output:"
        switch kind {
        case .stem: return "Conv-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)"
        case .finalExpand: return "Conv_1-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)"
        case .pool: return "AvgPool2D-\(shapes)1x1x\(outputChannels)"
        case .featureMix: return "Conv_2-\(shapes)1x1x\(outputChannels)"
        case .logits: return "Logits-\(shapes)\(outputChannels)"
        case .block:
            return "expanded_conv-\(shapes)\(outputSize)x\(outputSize)x\(outputChannels)-expand:\(middleChannels)"
                + "-kernel:\(kernel)-stride:\(stride)-idskip:\(flag(identitySkip))-se:\(flag(squeezeExcite))-hs:\(flag(hSwish))"
        }
    }

    private func flag(_ value: Bool) -> Int { value ? 1 : 0 }
}

extension MobileNetV3Supernet {
    /// The distinct lookup-table keys of `arch` in network order, each with how often it occurs.
    func operators(of arch: SubnetArchitecture) -> [(key: String, count: Double)] {
        var result: [(key: String, count: Double)] = []
        var position: [String: Int] = [:]
        for layer in layers(of: arch) {
            let key = layer.lookupKey
            if let index = position[key] {
                result[index].count += 1
            } else {
                position[key] = result.count
                result.append((key, 1))
            }
        }
        return result
    }
}
