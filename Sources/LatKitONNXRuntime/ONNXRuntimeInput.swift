/// A float32 input tensor over a buffer this object owns, made once and reused by every timed
/// run so that timing measures the network, not the copying of inputs.
public final class ONNXRuntimeInput {
    /// The tensor's shape, e.g. [batch, channels, height, width].
    public let shape: [Int64]
    let buffer: UnsafeMutableBufferPointer<Float>
    /// The `OrtValue*` wrapping `buffer` (ONNX Runtime does not copy or free it).
    let value: OpaquePointer
    private let library: ONNXRuntimeLibrary

    /// A tensor holding `values` (as many as the shape's product) in `library`'s CPU memory.
    public init(library: ONNXRuntimeLibrary, values: [Float], shape: [Int64]) throws {
        let count = try Self.elementCount(shape)
        guard count == values.count else {
            throw ONNXRuntimeError.invalidTensor("\(values.count) values for shape \(shape) (\(count) elements)")
        }
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
        _ = buffer.initialize(from: values)
        var value: OpaquePointer?
        let api = library.api
        let status = shape.withUnsafeBufferPointer { dims in
            api.createTensorWithDataAsOrtValue(
                library.cpuMemoryInfo, buffer.baseAddress, count * MemoryLayout<Float>.stride, dims.baseAddress, dims.count,
                ONNXRuntimeAPI.floatElementType, &value)
        }
        do {
            try api.check(status, .createTensorWithDataAsOrtValue)
        } catch {
            buffer.deallocate()
            throw error
        }
        self.shape = shape
        self.buffer = buffer
        self.value = value!
        self.library = library
    }

    /// A tensor of `shape` filled with fixed values in [-1, 1) (the speed of the CPU kernels does
    /// not depend on them; they avoid zeros and denormals, and are the same on every run).
    public convenience init(library: ONNXRuntimeLibrary, shape: [Int64]) throws {
        let count = try Self.elementCount(shape)
        let values = (0..<count).map { index -> Float in
            let step = (index &* 7919) % 1999
            return Float(step) / 999.5 - 0.999
        }
        try self.init(library: library, values: values, shape: shape)
    }

    /// The number of elements of `shape`, refusing negative dimensions.
    static func elementCount(_ shape: [Int64]) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ONNXRuntimeError.invalidTensor("negative dimension in shape \(shape)") }
        return shape.reduce(1) { $0 * Int($1) }
    }

    deinit {
        library.api.releaseValue(value)
        buffer.deallocate()
    }
}
