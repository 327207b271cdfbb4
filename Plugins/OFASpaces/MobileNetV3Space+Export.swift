import LatKitPluginKit

extension MobileNetV3Space {
    /// The model formats `exportModel` writes.
    static let exportFormats = ["onnx"]

    /// A whole subnet as a runnable ONNX model (deterministic weights; see
    /// `MobileNetV3Supernet.onnxModel(of:)`).
    func exportModel(of text: String, format: String) throws -> ExportedModel {
        try Self.requireFormat(format)
        let arch = try architecture(text)
        let shape = supernet.onnxInputShape(of: arch)
        return ExportedModel(bytes: supernet.onnxModel(of: arch).serialized(), channels: shape[0], height: shape[1], width: shape[2])
    }

    /// One lookup-table operator, keyed as `operators(of:)` writes it, as a runnable ONNX model.
    func exportModel(ofOperator key: String, format: String) throws -> ExportedModel {
        try Self.requireFormat(format)
        let layer = try NetworkLayer(lookupKey: key)
        let shape = layer.onnxInputShape
        return ExportedModel(bytes: layer.onnxModel().serialized(), channels: shape[0], height: shape[1], width: shape[2])
    }

    private static func requireFormat(_ format: String) throws {
        guard exportFormats.contains(format) else {
            throw PluginError.unsupported("model format '\(format)' (this space writes: \(exportFormats.joined(separator: ", ")))")
        }
    }
}
