extension ONNXModel {
    /// The model as `onnx.ModelProto` protobuf bytes (the content of an `.onnx` file): fields in
    /// ascending number order, repeated integers unpacked (proto2's encoding, which onnx.proto
    /// uses), tensor values in `raw_data` as little-endian float32, one opset import of the
    /// default domain.
    public func serialized() -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeInt(ONNXProto.Model.irVersion, irVersion)
        writer.writeString(ONNXProto.Model.producerName, producerName)
        writer.writeMessage(ONNXProto.Model.graph) { graph.encode(into: &$0) }
        writer.writeMessage(ONNXProto.Model.opsetImport) {
            $0.writeString(ONNXProto.OperatorSetID.domain, "")
            $0.writeInt(ONNXProto.OperatorSetID.version, opsetVersion)
        }
        return writer.bytes
    }
}

extension ONNXGraph {
    fileprivate func encode(into writer: inout ProtobufWriter) {
        for node in nodes { writer.writeMessage(ONNXProto.Graph.node) { node.encode(into: &$0) } }
        writer.writeString(ONNXProto.Graph.name, name)
        for tensor in initializers { writer.writeMessage(ONNXProto.Graph.initializer) { tensor.encode(into: &$0) } }
        writer.writeMessage(ONNXProto.Graph.input) { input.encode(into: &$0) }
        writer.writeMessage(ONNXProto.Graph.output) { output.encode(into: &$0) }
    }
}

extension ONNXNode {
    fileprivate func encode(into writer: inout ProtobufWriter) {
        for name in inputs { writer.writeString(ONNXProto.Node.input, name) }
        for name in outputs { writer.writeString(ONNXProto.Node.output, name) }
        writer.writeString(ONNXProto.Node.name, name)
        writer.writeString(ONNXProto.Node.opType, opType)
        for attribute in attributes { writer.writeMessage(ONNXProto.Node.attribute) { attribute.encode(into: &$0) } }
    }
}

extension ONNXAttribute {
    fileprivate func encode(into writer: inout ProtobufWriter) {
        writer.writeString(ONNXProto.Attribute.name, name)
        switch value {
        case .float(let float):
            writer.writeFloat(ONNXProto.Attribute.float, float)
            writer.writeInt(ONNXProto.Attribute.type, ONNXProto.Attribute.typeFloat)
        case .int(let int):
            writer.writeInt(ONNXProto.Attribute.int, int)
            writer.writeInt(ONNXProto.Attribute.type, ONNXProto.Attribute.typeInt)
        case .ints(let ints):
            writer.writeInts(ONNXProto.Attribute.ints, ints)
            writer.writeInt(ONNXProto.Attribute.type, ONNXProto.Attribute.typeInts)
        }
    }
}

extension ONNXTensor {
    fileprivate func encode(into writer: inout ProtobufWriter) {
        writer.writeInts(ONNXProto.Tensor.dims, dims)
        writer.writeInt(ONNXProto.Tensor.dataType, ONNXProto.Tensor.float)
        writer.writeString(ONNXProto.Tensor.name, name)
        writer.writeBytes(ONNXProto.Tensor.rawData, ProtobufWriter.littleEndianBytes(values))
    }
}

extension ONNXValueInfo {
    fileprivate func encode(into writer: inout ProtobufWriter) {
        writer.writeString(ONNXProto.ValueInfo.name, name)
        writer.writeMessage(ONNXProto.ValueInfo.type) {
            $0.writeMessage(ONNXProto.TypeProto.tensorType) {
                $0.writeInt(ONNXProto.TensorType.elemType, ONNXProto.Tensor.float)
                $0.writeMessage(ONNXProto.TensorType.shape) {
                    for dim in dims {
                        $0.writeMessage(ONNXProto.Shape.dim) {
                            switch dim {
                            case .fixed(let size): $0.writeInt(ONNXProto.Dimension.value, size)
                            case .symbolic(let symbol): $0.writeString(ONNXProto.Dimension.param, symbol)
                            }
                        }
                    }
                }
            }
        }
    }
}
