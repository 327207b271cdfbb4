/// One layer of a subnet as OFA's latency tables see it, with its shapes.
struct NetworkLayer: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// The 3x3 stride-2 stem conv (LUT op `Conv`).
        case stem
        /// An MBConv block (`expanded_conv`), including the expand-1 first block.
        case block
        /// The final 1x1 expand conv (`Conv_1`).
        case finalExpand
        /// Global average pooling (`AvgPool2D`).
        case pool
        /// The 1x1 feature-mix conv on the pooled vector (`Conv_2`).
        case featureMix
        /// The linear classifier (`Logits`).
        case logits
    }

    var kind: Kind
    /// Stage 0..4 of a block; -1 for the first block and the non-block layers.
    var stage = -1
    var inputSize: Int
    var outputSize: Int
    var inputChannels: Int
    var outputChannels: Int
    /// Middle (expanded) channels of a block; equal to `inputChannels` for the expand-1 first block.
    var middleChannels = 0
    var kernel = 0
    var stride = 1
    var identitySkip = false
    var squeezeExcite = false
    var hSwish = false
    /// Whether the block has the 1x1 inverted-bottleneck conv (every block but the expand-1 first one).
    var hasExpandConv: Bool { middleChannels != inputChannels }
}

extension MobileNetV3Supernet {
    /// The layers of `arch` in network order, with OFA's shape rules: the stem gives (r+1)//2, each
    /// block gives (f-1)//stride+1; a stage's first block has the stage stride and no identity
    /// skip, later blocks stride 1 and an identity skip; middle channels are
    /// make_divisible(in x e, 8) (= in x e for every choice of both widths).
    func layers(of arch: SubnetArchitecture) -> [NetworkLayer] {
        var layers: [NetworkLayer] = []
        layers.reserveCapacity(26)
        let resolution = arch.resolution
        var size = (resolution + 1) / 2
        layers.append(
            NetworkLayer(kind: .stem, inputSize: resolution, outputSize: size, inputChannels: 3, outputChannels: stemChannels, hSwish: true)
        )
        layers.append(
            NetworkLayer(
                kind: .block, inputSize: size, outputSize: size, inputChannels: stemChannels, outputChannels: stemChannels,
                middleChannels: stemChannels, kernel: 3, stride: 1, identitySkip: true))
        var channels = stemChannels
        for stage in 0..<Self.stageCount {
            for block in 0..<Int(arch.depths[stage]) {
                let slot = stage * Self.slotsPerStage + block
                let stride = block == 0 ? Self.stageStrides[stage] : 1
                let outputSize = (size - 1) / stride + 1
                layers.append(
                    NetworkLayer(
                        kind: .block, stage: stage, inputSize: size, outputSize: outputSize, inputChannels: channels,
                        outputChannels: stageChannels[stage], middleChannels: makeDivisible(channels * Int(arch.expands[slot])),
                        kernel: Int(arch.kernels[slot]), stride: stride, identitySkip: block > 0,
                        squeezeExcite: Self.stageUsesSE[stage], hSwish: Self.stageUsesHSwish[stage]))
                size = outputSize
                channels = stageChannels[stage]
            }
        }
        layers.append(
            NetworkLayer(
                kind: .finalExpand, inputSize: size, outputSize: size, inputChannels: channels, outputChannels: finalExpandChannels,
                hSwish: true))
        layers.append(
            NetworkLayer(
                kind: .pool, inputSize: size, outputSize: 1, inputChannels: finalExpandChannels, outputChannels: finalExpandChannels))
        layers.append(
            NetworkLayer(
                kind: .featureMix, inputSize: 1, outputSize: 1, inputChannels: finalExpandChannels, outputChannels: featureMixChannels,
                hSwish: true))
        layers.append(NetworkLayer(kind: .logits, inputSize: 1, outputSize: 1, inputChannels: featureMixChannels, outputChannels: classes))
        return layers
    }
}
