import LatKitONNX

extension NetworkLayer {
    /// The per-sample shape `[C, H, W]` of the layer's input, as its ONNX model reads it.
    var onnxInputShape: [Int] { [inputChannels, inputSize, inputSize] }

    /// The layer alone as an ONNX model (for timing a lookup-table entry): input
    /// `[N, inputChannels, inputSize, inputSize]` named "input", output named "output", the
    /// operators of `appendONNX`, weights drawn from `seed`. The pooling, feature-mix and
    /// classifier layers read their `[N, C, s, s]` / `[N, C, 1, 1]` maps, the classifier
    /// flattening first.
    func onnxModel(seed: UInt64 = 0) -> ONNXModel {
        let builder = ONNXGraphBuilder(name: lookupKey, inputShape: onnxInputShape, seed: seed)
        let output = appendONNX(to: builder, input: builder.input)
        return builder.model(output: output)
    }

    /// Appends the layer's operators to `builder`, reading tensor `input` (`[C, s, s]`), and
    /// returns its output tensor; OFA's modules with batch norm folded into the convs (a conv +
    /// BN is a conv with a bias):
    /// - stem: 3x3 stride-2 conv + h-swish;
    /// - block (MBConvLayer in a ResidualBlock): 1x1 expand conv + act (absent when expand is
    ///   1), depthwise k x k conv with the stride + act, squeeze-excite when `squeezeExcite`
    ///   (global average pool, 1x1 conv to make_divisible(mid // 4, 8) with bias, ReLU, 1x1 conv
    ///   back with bias, h-sigmoid, multiply), 1x1 linear projection conv, identity add when
    ///   `identitySkip`; act is h-swish or ReLU per `hSwish`;
    /// - final expand: 1x1 conv + h-swish; pool: global average pool;
    /// - feature mix: 1x1 conv without bias or batch norm + h-swish (OFA's `bias=False, use_bn=False`);
    /// - logits: flatten, then the linear classifier (Gemm with bias).
    ///
    /// Weight scales keep activations near unit size through the whole network: He gain 2 for
    /// convs reading activations, and a small gain for the projection that feeds an identity add
    /// (OFA likewise zeroes that batch norm's scale at initialization), so residual sums do not
    /// grow block after block.
    func appendONNX(to builder: ONNXGraphBuilder, input: String) -> String {
        switch kind {
        case .stem, .finalExpand:
            let conv = builder.conv(
                input, outChannels: outputChannels, kernel: kind == .stem ? 3 : 1, stride: kind == .stem ? 2 : 1, bias: true)
            return builder.hardSwish(conv)
        case .pool:
            return builder.globalAveragePool(input)
        case .featureMix:
            let conv = builder.conv(input, outChannels: outputChannels, kernel: 1, bias: false)
            return builder.hardSwish(conv)
        case .logits:
            let flat = builder.flatten(input)
            return builder.gemm(flat, outFeatures: outputChannels)
        case .block:
            return appendBlock(to: builder, input: input)
        }
    }

    /// Gain of the projection conv in front of an identity add.
    private static let residualProjectionGain: Float = 0.2

    private func appendBlock(to builder: ONNXGraphBuilder, input: String) -> String {
        func activation(_ tensor: String) -> String { hSwish ? builder.hardSwish(tensor) : builder.relu(tensor) }
        var x = input
        if hasExpandConv {
            x = activation(builder.conv(x, outChannels: middleChannels, kernel: 1, bias: true))
        }
        x = activation(builder.conv(x, outChannels: middleChannels, kernel: kernel, stride: stride, groups: middleChannels, bias: true))
        if squeezeExcite {
            let pooled = builder.globalAveragePool(x)
            let reduced = builder.relu(builder.conv(pooled, outChannels: makeDivisible(middleChannels / 4), kernel: 1, bias: true))
            let scale = builder.hardSigmoid(builder.conv(reduced, outChannels: middleChannels, kernel: 1, bias: true))
            x = builder.mul(x, scale)
        }
        x = builder.conv(x, outChannels: outputChannels, kernel: 1, bias: true, gain: identitySkip ? Self.residualProjectionGain : 2)
        return identitySkip ? builder.add(x, input) : x
    }
}
