import LatKitPluginABI

/// The views of a batch of architectures, as the host prepared them (see `latkit_batch`).
///
/// Accessors throw a clear error when the host did not provide a view; buffers point into host
/// memory and are valid only during the call that received the batch.
public struct BatchView {
    let batch: UnsafePointer<latkit_batch>
    /// sizeof(latkit_batch) in ABI 1.0 (frozen in SDK/abi/abi_layout.c). Every field read here
    /// exists since 1.0; a field a later minor appends must be read only when struct_size covers it.
    static let version1Size: UInt32 = 144
    /// sizeof(latkit_batch) in ABI 1.1, which appended the models view.
    static let version1_1Size: UInt32 = 176

    init(_ batch: UnsafePointer<latkit_batch>?) throws {
        guard let batch else { throw PluginError.invalid("no batch given") }
        guard batch.pointee.struct_size >= BatchView.version1Size else {
            throw PluginError.incompatible("batch struct is \(batch.pointee.struct_size) bytes, ABI 1.0 needs \(BatchView.version1Size)")
        }
        self.batch = batch
    }

    /// Number of rows.
    public var count: Int { Int(batch.pointee.count) }

    /// Name of the search space the architectures belong to.
    public var searchSpace: String { batch.pointee.search_space.map { String(cString: $0) } ?? "" }

    /// Canonical architecture strings (`LATKIT_VIEW_ARCHITECTURES`).
    public func architectures() throws -> [String] {
        try require(LATKIT_VIEW_ARCHITECTURES, "architectures")
        return try strings(batch.pointee.architectures, count: count)
    }

    /// Row-major float32 features and their column count (`LATKIT_VIEW_FEATURES`).
    public func features() throws -> (values: UnsafeBufferPointer<Float>, columns: Int) {
        try require(LATKIT_VIEW_FEATURES, "features")
        let columns = Int(batch.pointee.feature_count)
        return (try buffer(batch.pointee.features, count: count * columns, "features"), columns)
    }

    /// Name of the encoding the features were made with.
    public var featureEncoding: String { batch.pointee.feature_encoding.map { String(cString: $0) } ?? "" }

    /// The operators (key, count) of row `row` (`LATKIT_VIEW_OPERATORS`).
    public func operators(ofRow row: Int) throws -> [(key: String, count: Double)] {
        guard row >= 0, row < count else { throw PluginError.invalid("row \(row) is outside the batch of \(count)") }
        // Checks only this row's range (a full scan per row would make reading a batch quadratic).
        let view = try operatorArrays()
        let (first, last) = (view.offsets[row], view.offsets[row + 1])
        guard first <= last, last <= view.offsets[count] else {
            throw PluginError.invalid("the batch's operator offsets for row \(row) do not increase")
        }
        return try (Int(first)..<Int(last)).map { entry in
            guard let key = view.keys[entry] else { throw PluginError.invalid("operator key \(entry) of row \(row) is NULL") }
            return (String(cString: key), view.counts[entry])
        }
    }

    /// Whether the host passed the operators view (`LATKIT_VIEW_OPERATORS`).
    public var hasOperators: Bool { batch.pointee.views & UInt32(LATKIT_VIEW_OPERATORS) != 0 }

    /// The operators view as the host laid it out, without copying: the operators of row `i` are
    /// entries `offsets[i] ..< offsets[i + 1]` of `keys` (NUL-terminated) and `counts`. For
    /// plugins that look keys up per predicted row and cannot afford a `String` per key.
    public func operatorEntries() throws -> (
        offsets: UnsafeBufferPointer<UInt64>, keys: UnsafeBufferPointer<UnsafePointer<CChar>?>, counts: UnsafeBufferPointer<Double>
    ) {
        let view = try operatorArrays()
        // Offsets must never decrease, or a row's range would leave the arrays.
        guard zip(view.offsets, view.offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw PluginError.invalid("the batch's operator offsets do not increase")
        }
        return view
    }

    /// The operator arrays, with the offsets checked to start at 0 and end within range.
    private func operatorArrays() throws -> (
        offsets: UnsafeBufferPointer<UInt64>, keys: UnsafeBufferPointer<UnsafePointer<CChar>?>, counts: UnsafeBufferPointer<Double>
    ) {
        try require(LATKIT_VIEW_OPERATORS, "operators")
        guard let start = batch.pointee.operator_offsets else {
            guard count == 0 else { throw PluginError.invalid("the batch's operators view has no row offsets") }
            return (
                UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0),
                UnsafeBufferPointer(start: nil, count: 0)
            )
        }
        let offsets = UnsafeBufferPointer(start: start, count: count + 1)
        guard offsets[0] == 0, offsets[count] <= UInt64(Int.max) else {
            throw PluginError.invalid("the batch's operator offsets do not start at 0")
        }
        let total = Int(offsets[count])
        guard total == 0 || (batch.pointee.operator_keys != nil && batch.pointee.operator_counts != nil) else {
            throw PluginError.invalid("the batch's operators view has no keys or counts")
        }
        return (
            offsets, UnsafeBufferPointer(start: batch.pointee.operator_keys, count: total),
            UnsafeBufferPointer(start: batch.pointee.operator_counts, count: total)
        )
    }

    /// Whether the host passed the cost view (`LATKIT_VIEW_COST`: MACs and parameters).
    public var hasCost: Bool { batch.pointee.views & UInt32(LATKIT_VIEW_COST) != 0 }

    /// Multiply-accumulates per row (`LATKIT_VIEW_COST`).
    public func macs() throws -> UnsafeBufferPointer<Double> {
        try require(LATKIT_VIEW_COST, "cost")
        return try buffer(batch.pointee.macs, count: count, "macs")
    }

    /// Parameters per row (`LATKIT_VIEW_COST`).
    public func params() throws -> UnsafeBufferPointer<Double> {
        try require(LATKIT_VIEW_COST, "cost")
        return try buffer(batch.pointee.params, count: count, "params")
    }

    /// Device descriptor rows, their feature names, and the batch size of each row (`LATKIT_VIEW_DEVICE`).
    public func devices() throws -> (
        values: UnsafeBufferPointer<Float>, names: [String], ids: [String], batchSizes: UnsafeBufferPointer<Float>
    ) {
        try require(LATKIT_VIEW_DEVICE, "device")
        let columns = Int(batch.pointee.device_feature_count)
        return (
            try buffer(batch.pointee.device_features, count: count * columns, "device features"),
            try strings(batch.pointee.device_feature_names, count: columns, what: "device feature name"),
            try strings(batch.pointee.device_ids, count: count, what: "device id"),
            try buffer(batch.pointee.batch_sizes, count: count, "batch sizes")
        )
    }

    /// Whether the host passed runnable models (`LATKIT_VIEW_MODELS`, ABI 1.1).
    public var hasModels: Bool {
        batch.pointee.struct_size >= BatchView.version1_1Size && batch.pointee.views & UInt32(LATKIT_VIEW_MODELS) != 0
    }

    /// The runnable model of each row, its format and input shape (`LATKIT_VIEW_MODELS`, ABI 1.1).
    /// The bytes point into host memory, valid only during the call.
    public func models() throws -> (format: String, models: [(bytes: UnsafeBufferPointer<UInt8>, channels: Int, height: Int, width: Int)]) {
        guard hasModels else {
            throw PluginError.invalid(
                "the batch carries no runnable models (the 'models' view): its search space exports none, or the host is older than ABI 1.1"
            )
        }
        let format = batch.pointee.model_format.map { String(cString: $0) } ?? ""
        guard count > 0 else { return (format, []) }
        let offsets = try buffer(batch.pointee.model_offsets, count: count + 1, "model offsets")
        let shapes = try buffer(batch.pointee.model_input_shapes, count: count * 3, "model input shapes")
        guard offsets[0] == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }), offsets[count] <= UInt64(Int.max) else {
            throw PluginError.invalid("the batch's model offsets do not start at 0 and increase")
        }
        let bytes = try buffer(batch.pointee.model_bytes, count: Int(offsets[count]), "model bytes")
        return (
            format,
            try (0..<count).map { row in
                let shape = (Int(shapes[row * 3]), Int(shapes[row * 3 + 1]), Int(shapes[row * 3 + 2]))
                guard shape.0 > 0, shape.1 > 0, shape.2 > 0 else { throw PluginError.invalid("row \(row) has no model input shape") }
                let range = Int(offsets[row])..<Int(offsets[row + 1])
                return (UnsafeBufferPointer(rebasing: bytes[range]), shape.0, shape.1, shape.2)
            }
        )
    }

    /// Training targets, or nil when the batch carries none (prediction).
    public var targets: UnsafeBufferPointer<Double>? {
        batch.pointee.targets.map { UnsafeBufferPointer(start: $0, count: count) }
    }

    /// The targets, or an error saying that fitting needs them.
    public func requireTargets() throws -> UnsafeBufferPointer<Double> {
        guard let targets else { throw PluginError.invalid("the training batch carries no targets") }
        return targets
    }

    /// `count` values at `pointer`, or an error when the host declared a view but passed no array.
    private func buffer<T>(_ pointer: UnsafePointer<T>?, count: Int, _ name: String) throws -> UnsafeBufferPointer<T> {
        guard count == 0 || pointer != nil else { throw PluginError.invalid("the batch's \(name) array is NULL for \(count) values") }
        return UnsafeBufferPointer(start: pointer, count: count)
    }

    private func require(_ view: Int, _ name: String) throws {
        guard batch.pointee.views & UInt32(view) != 0 else {
            throw PluginError.invalid("the batch lacks the '\(name)' view this plugin declared it needs")
        }
    }
}
