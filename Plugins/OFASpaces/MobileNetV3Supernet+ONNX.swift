import LatKitONNX

extension MobileNetV3Supernet {
    /// The whole subnet `arch` as an ONNX model: input `[N, 3, r, r]` named "input", output
    /// `[N, 1000]` named "output", the layers of `layers(of:)` in order (see
    /// `NetworkLayer.appendONNX`), weights drawn from `seed`.
    func onnxModel(of arch: SubnetArchitecture, seed: UInt64 = 0) -> ONNXModel {
        let layers = layers(of: arch)
        let builder = ONNXGraphBuilder(name: "\(zooName)_r\(arch.resolution)", inputShape: onnxInputShape(of: arch), seed: seed)
        var tensor = builder.input
        for layer in layers { tensor = layer.appendONNX(to: builder, input: tensor) }
        return builder.model(output: tensor)
    }

    /// The per-sample input shape `[3, r, r]` of `onnxModel(of: arch)`.
    func onnxInputShape(of arch: SubnetArchitecture) -> [Int] { [3, arch.resolution, arch.resolution] }
}
