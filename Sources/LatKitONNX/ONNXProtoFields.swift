/// Field numbers and enum values of `onnx.proto` (onnx/onnx, IR version 8) for the messages and
/// fields LatencyKit writes and reads; one table for the writer and the reader.
enum ONNXProto {
    enum Model {
        static let irVersion = 1
        static let producerName = 2
        static let graph = 7
        static let opsetImport = 8
    }

    enum OperatorSetID {
        static let domain = 1
        static let version = 2
    }

    enum Graph {
        static let node = 1
        static let name = 2
        static let initializer = 5
        static let input = 11
        static let output = 12
    }

    enum Node {
        static let input = 1
        static let output = 2
        static let name = 3
        static let opType = 4
        static let attribute = 5
        static let domain = 7
    }

    enum Attribute {
        static let name = 1
        static let float = 2
        static let int = 3
        static let ints = 8
        static let type = 20
        /// `AttributeProto.AttributeType` values.
        static let typeFloat = 1
        static let typeInt = 2
        static let typeInts = 7
    }

    enum Tensor {
        static let dims = 1
        static let dataType = 2
        static let name = 8
        static let rawData = 9
        /// `TensorProto.DataType.FLOAT`.
        static let float = 1
    }

    enum ValueInfo {
        static let name = 1
        static let type = 2
    }

    /// `TypeProto.tensor_type`.
    enum TypeProto {
        static let tensorType = 1
    }

    /// `TypeProto.Tensor`.
    enum TensorType {
        static let elemType = 1
        static let shape = 2
    }

    /// `TensorShapeProto`.
    enum Shape {
        static let dim = 1
    }

    /// `TensorShapeProto.Dimension`.
    enum Dimension {
        static let value = 1
        static let param = 2
    }
}
