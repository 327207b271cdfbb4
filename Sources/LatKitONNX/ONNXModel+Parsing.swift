extension ONNXModel {
    /// Reads a model from `onnx.ModelProto` protobuf bytes: everything `serialized()` writes.
    ///
    /// Fields outside the supported subset are skipped when they are well-formed protobuf (a
    /// doc string, `value_info`); the call throws `ONNXFormatError` on malformed protobuf, a known
    /// field of the wrong wire type, missing required content (graph, IR version, default-domain
    /// opset), or content the types cannot hold (non-float tensors or graph values, attribute types
    /// other than INT/FLOAT/INTS, a graph with several inputs or outputs, unknown dimensions).
    /// It never reads outside `bytes`.
    public init(serialized bytes: [UInt8]) throws {
        var reader = ProtobufReader(bytes[...])
        var irVersion: Int?
        var producerName = ""
        var graph: ONNXGraph?
        var opsetVersion: Int?
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.Model.irVersion: irVersion = try field.int("ModelProto.ir_version")
            case ONNXProto.Model.producerName: producerName = try field.string("ModelProto.producer_name")
            case ONNXProto.Model.graph:
                guard graph == nil else { throw ONNXFormatError("ModelProto has a second graph at byte \(field.offset)") }
                graph = try ONNXGraph(reading: try field.message("ModelProto.graph"))
            case ONNXProto.Model.opsetImport:
                let (domain, version) = try Self.readOperatorSet(try field.message("ModelProto.opset_import"))
                guard isDefaultDomain(domain) else { throw ONNXFormatError("unsupported operator set domain '\(domain)'") }
                opsetVersion = version
            default: continue
            }
        }
        guard let irVersion else { throw ONNXFormatError("ModelProto has no ir_version") }
        guard let graph else { throw ONNXFormatError("ModelProto has no graph") }
        guard let opsetVersion else { throw ONNXFormatError("ModelProto imports no operator set of the default domain") }
        self.init(graph: graph, irVersion: irVersion, opsetVersion: opsetVersion, producerName: producerName)
    }

    private static func readOperatorSet(_ message: ProtobufReader) throws -> (domain: String, version: Int) {
        var reader = message
        var domain = ""
        var version: Int?
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.OperatorSetID.domain: domain = try field.string("OperatorSetIdProto.domain")
            case ONNXProto.OperatorSetID.version: version = try field.int("OperatorSetIdProto.version")
            default: continue
            }
        }
        guard let version else { throw ONNXFormatError("operator set import of domain '\(domain)' has no version") }
        return (domain, version)
    }
}

/// Whether `domain` names ONNX's default operator domain.
private func isDefaultDomain(_ domain: String) -> Bool { domain.isEmpty || domain == "ai.onnx" }

extension ONNXGraph {
    fileprivate init(reading message: ProtobufReader) throws {
        var reader = message
        var name = ""
        var nodes: [ONNXNode] = []
        var initializers: [ONNXTensor] = []
        var inputs: [ONNXValueInfo] = []
        var outputs: [ONNXValueInfo] = []
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.Graph.node: nodes.append(try ONNXNode(reading: try field.message("GraphProto.node")))
            case ONNXProto.Graph.name: name = try field.string("GraphProto.name")
            case ONNXProto.Graph.initializer: initializers.append(try ONNXTensor(reading: try field.message("GraphProto.initializer")))
            case ONNXProto.Graph.input: inputs.append(try ONNXValueInfo(reading: try field.message("GraphProto.input")))
            case ONNXProto.Graph.output: outputs.append(try ONNXValueInfo(reading: try field.message("GraphProto.output")))
            default: continue
            }
        }
        guard inputs.count == 1, outputs.count == 1 else {
            throw ONNXFormatError("graph '\(name)' has \(inputs.count) inputs and \(outputs.count) outputs; one of each is supported")
        }
        self.init(name: name, nodes: nodes, initializers: initializers, input: inputs[0], output: outputs[0])
    }
}

extension ONNXNode {
    fileprivate init(reading message: ProtobufReader) throws {
        var reader = message
        self.init(opType: "", inputs: [], outputs: [])
        var domain = ""
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.Node.input: inputs.append(try field.string("NodeProto.input"))
            case ONNXProto.Node.output: outputs.append(try field.string("NodeProto.output"))
            case ONNXProto.Node.name: name = try field.string("NodeProto.name")
            case ONNXProto.Node.opType: opType = try field.string("NodeProto.op_type")
            case ONNXProto.Node.attribute: attributes.append(try ONNXAttribute(reading: try field.message("NodeProto.attribute")))
            case ONNXProto.Node.domain: domain = try field.string("NodeProto.domain")
            default: continue
            }
        }
        guard !opType.isEmpty else { throw ONNXFormatError("node '\(name)' has no op_type") }
        guard isDefaultDomain(domain) else { throw ONNXFormatError("node '\(name)' is of unsupported domain '\(domain)'") }
    }
}

extension ONNXAttribute {
    fileprivate init(reading message: ProtobufReader) throws {
        var reader = message
        var name = ""
        var float: Float = 0
        var int = 0
        var ints: [Int] = []
        var type: Int?
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.Attribute.name: name = try field.string("AttributeProto.name")
            case ONNXProto.Attribute.float: float = try field.float("AttributeProto.f")
            case ONNXProto.Attribute.int: int = try field.int("AttributeProto.i")
            case ONNXProto.Attribute.ints: ints += try field.ints("AttributeProto.ints")
            case ONNXProto.Attribute.type: type = try field.int("AttributeProto.type")
            default: continue
            }
        }
        switch type {
        case ONNXProto.Attribute.typeFloat: self.init(name: name, value: .float(float))
        case ONNXProto.Attribute.typeInt: self.init(name: name, value: .int(int))
        case ONNXProto.Attribute.typeInts: self.init(name: name, value: .ints(ints))
        case let other:
            throw ONNXFormatError(
                "attribute '\(name)' has \(other.map { "type \($0)" } ?? "no type"); supported are FLOAT (1), INT (2) and INTS (7)")
        }
    }
}

extension ONNXTensor {
    fileprivate init(reading message: ProtobufReader) throws {
        var reader = message
        var name = ""
        var dims: [Int] = []
        var dataType: Int?
        var raw: ArraySlice<UInt8> = []
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.Tensor.dims: dims += try field.ints("TensorProto.dims")
            case ONNXProto.Tensor.dataType: dataType = try field.int("TensorProto.data_type")
            case ONNXProto.Tensor.name: name = try field.string("TensorProto.name")
            case ONNXProto.Tensor.rawData: raw = try field.bytes("TensorProto.raw_data")
            default: continue
            }
        }
        guard dataType == ONNXProto.Tensor.float else {
            throw ONNXFormatError("tensor '\(name)' has data type \(dataType.map(String.init) ?? "none"); only FLOAT (1) is supported")
        }
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow else { throw ONNXFormatError("tensor '\(name)' has an invalid shape \(dims)") }
            count = product
        }
        guard raw.count / 4 == count, raw.count % 4 == 0 else {
            throw ONNXFormatError("tensor '\(name)' of shape \(dims) needs \(count) floats in raw_data, which holds \(raw.count) bytes")
        }
        var values = [Float](repeating: 0, count: count)
        var byte = raw.startIndex
        for index in 0..<count {
            let word = UInt32(raw[byte]) | UInt32(raw[byte + 1]) << 8 | UInt32(raw[byte + 2]) << 16 | UInt32(raw[byte + 3]) << 24
            values[index] = Float(bitPattern: word)
            byte += 4
        }
        self.init(name: name, dims: dims, values: values)
    }
}

extension ONNXValueInfo {
    fileprivate init(reading message: ProtobufReader) throws {
        var reader = message
        var name = ""
        var dims: [ONNXDimension]?
        while let field = try reader.next() {
            switch field.number {
            case ONNXProto.ValueInfo.name: name = try field.string("ValueInfoProto.name")
            case ONNXProto.ValueInfo.type: dims = try Self.readTensorType(try field.message("ValueInfoProto.type"), of: name)
            default: continue
            }
        }
        guard let dims else { throw ONNXFormatError("graph value '\(name)' has no tensor type with a shape") }
        self.init(name: name, dims: dims)
    }

    /// Reads a `TypeProto`, which must be a float tensor with a shape; returns its dimensions.
    private static func readTensorType(_ message: ProtobufReader, of name: String) throws -> [ONNXDimension]? {
        var typeReader = message
        var elementType: Int?
        var dims: [ONNXDimension]?
        while let typeField = try typeReader.next() {
            guard typeField.number == ONNXProto.TypeProto.tensorType else { continue }
            var tensorReader = try typeField.message("TypeProto.tensor_type")
            while let field = try tensorReader.next() {
                switch field.number {
                case ONNXProto.TensorType.elemType: elementType = try field.int("TypeProto.Tensor.elem_type")
                case ONNXProto.TensorType.shape: dims = try readShape(try field.message("TypeProto.Tensor.shape"), of: name)
                default: continue
                }
            }
        }
        guard elementType == ONNXProto.Tensor.float else {
            throw ONNXFormatError(
                "graph value '\(name)' has element type \(elementType.map(String.init) ?? "none"); only FLOAT (1) is supported")
        }
        return dims
    }

    private static func readShape(_ message: ProtobufReader, of name: String) throws -> [ONNXDimension] {
        var shapeReader = message
        var dims: [ONNXDimension] = []
        while let shapeField = try shapeReader.next() {
            guard shapeField.number == ONNXProto.Shape.dim else { continue }
            var dimReader = try shapeField.message("TensorShapeProto.dim")
            var dim: ONNXDimension?
            while let field = try dimReader.next() {
                switch field.number {
                case ONNXProto.Dimension.value: dim = .fixed(try field.int("Dimension.dim_value"))
                case ONNXProto.Dimension.param: dim = .symbolic(try field.string("Dimension.dim_param"))
                default: continue
                }
            }
            guard let dim else { throw ONNXFormatError("graph value '\(name)' has a dimension of unknown size") }
            dims.append(dim)
        }
        return dims
    }
}
