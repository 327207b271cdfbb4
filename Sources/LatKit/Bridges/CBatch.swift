import LatKitPluginABI

/// An `ArchitectureBatch` laid out as a `latkit_batch`: the C arrays it points to live as long as
/// this object. Only the views asked for are laid out.
final class CBatch {
    private(set) var raw = latkit_batch()
    private let keep: [AnyObject]
    private let floatStorage: [UnsafeMutableBufferPointer<Float>]
    private let doubleStorage: [UnsafeMutableBufferPointer<Double>]
    private let offsetStorage: [UnsafeMutableBufferPointer<UInt64>]
    private let byteStorage: UnsafeMutableBufferPointer<UInt8>?
    private let shapeStorage: UnsafeMutableBufferPointer<Int64>?

    init(_ batch: ArchitectureBatch, views wanted: BatchViews) throws {
        var keep: [AnyObject] = []
        var floats: [UnsafeMutableBufferPointer<Float>] = []
        var doubles: [UnsafeMutableBufferPointer<Double>] = []
        var offsets: [UnsafeMutableBufferPointer<UInt64>] = []
        var bytes: UnsafeMutableBufferPointer<UInt8>?
        var shapes: UnsafeMutableBufferPointer<Int64>?
        func copy(_ values: [Float]) -> UnsafePointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(values.count, 1))
            _ = buffer.initialize(from: values)
            floats.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }
        /// The `count` values of `values` (a sequence whose count may be costly to take).
        func copy<Values: Sequence>(_ values: Values, count: Int) -> UnsafePointer<Double> where Values.Element == Double {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(count, 1))
            _ = buffer.initialize(from: values)
            doubles.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }
        func copy(_ values: [Double]) -> UnsafePointer<Double> { copy(values, count: values.count) }
        func strings(_ values: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
            let array = CStringArray(values)
            keep.append(array)
            return array.base
        }

        try CBatch.validate(batch)
        raw.struct_size = UInt32(MemoryLayout<latkit_batch>.size)
        raw.count = UInt64(batch.count)
        raw.search_space = strings([batch.searchSpace])[0]
        let missing = wanted.subtracting(batch.views)
        guard missing.isEmpty else {
            throw PluginCallError(
                plugin: batch.searchSpace, function: "prepare batch", status: Int32(LATKIT_ERR_INVALID_ARGUMENT),
                message: "the batch lacks the views \(missing.names.joined(separator: ", "))")
        }
        if wanted.contains(.architectures) { raw.architectures = strings(batch.architectures) }
        if wanted.contains(.features), let features = batch.features {
            raw.features = copy(features.values)
            raw.feature_count = UInt32(features.columns)
            raw.feature_encoding = strings([features.encoding])[0]
        }
        if wanted.contains(.operators), let operators = batch.operators {
            let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: operators.count + 1)
            var total: UInt64 = 0
            buffer[0] = 0
            for (row, ops) in operators.enumerated() {
                total += UInt64(ops.count)
                buffer[row + 1] = total
            }
            offsets.append(buffer)
            raw.operator_offsets = UnsafePointer(buffer.baseAddress!)
            // A few thousand distinct keys repeated over every network: one copy of each, read
            // straight from the operator lists (no array of two million keys in between).
            let keys = CStringArray(count: Int(total), deduplicating: true) { body in
                for list in operators {
                    list.withUnsafeBufferPointer { buffer in
                        for position in buffer.indices { body(buffer[position].key) }
                    }
                }
            }
            keep.append(keys)
            raw.operator_keys = keys.base
            raw.operator_counts = copy(operators.lazy.flatMap { $0.lazy.map(\.count) }, count: Int(total))
        }
        if wanted.contains(.cost), let costs = batch.costs {
            raw.macs = copy(costs.map(\.macs))
            raw.params = copy(costs.map(\.params))
        }
        if wanted.contains(.device), let devices = batch.devices {
            raw.device_features = copy(devices.values)
            raw.device_feature_count = UInt32(devices.featureNames.count)
            raw.device_feature_names = strings(devices.featureNames)
            raw.device_ids = strings(devices.deviceIDs)
            raw.batch_sizes = copy(devices.batchSizes)
        }
        if let targets = batch.targets { raw.targets = copy(targets) }
        if wanted.contains(.models), let models = batch.models {
            let offsetBuffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: models.models.count + 1)
            let byteBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, models.models.reduce(0) { $0 + $1.bytes.count }))
            let shapeBuffer = UnsafeMutableBufferPointer<Int64>.allocate(capacity: max(1, models.models.count * 3))
            var end = 0
            offsetBuffer[0] = 0
            for (row, model) in models.models.enumerated() {
                _ = UnsafeMutableBufferPointer(rebasing: byteBuffer[end..<(end + model.bytes.count)]).initialize(from: model.bytes)
                end += model.bytes.count
                offsetBuffer[row + 1] = UInt64(end)
                shapeBuffer[row * 3] = Int64(model.inputShape.channels)
                shapeBuffer[row * 3 + 1] = Int64(model.inputShape.height)
                shapeBuffer[row * 3 + 2] = Int64(model.inputShape.width)
            }
            offsets.append(offsetBuffer)
            bytes = byteBuffer
            shapes = shapeBuffer
            raw.model_format = strings([models.format])[0]
            raw.model_offsets = UnsafePointer(offsetBuffer.baseAddress!)
            raw.model_bytes = UnsafePointer(byteBuffer.baseAddress!)
            raw.model_input_shapes = UnsafePointer(shapeBuffer.baseAddress!)
        }
        raw.views = wanted.rawValue
        self.keep = keep
        self.floatStorage = floats
        self.doubleStorage = doubles
        self.offsetStorage = offsets
        self.byteStorage = bytes
        self.shapeStorage = shapes
    }

    deinit {
        floatStorage.forEach { $0.deallocate() }
        doubleStorage.forEach { $0.deallocate() }
        offsetStorage.forEach { $0.deallocate() }
        byteStorage?.deallocate()
        shapeStorage?.deallocate()
    }

    /// Calls `body` with a pointer to the C struct.
    func withPointer<R>(_ body: (UnsafePointer<latkit_batch>) throws -> R) rethrows -> R {
        try withExtendedLifetime(keep) { try withUnsafePointer(to: &raw, body) }
    }

    /// Refuses a batch whose views do not all hold `count` rows: a plugin would read past them.
    static func validate(_ batch: ArchitectureBatch) throws {
        let count = batch.count
        var problems: [String] = []
        if !batch.architectures.isEmpty, batch.architectures.count != count {
            problems.append("\(batch.architectures.count) architectures")
        }
        if let features = batch.features, features.rows != count || features.values.count != count * features.columns {
            problems.append("a feature matrix of \(features.rows) rows")
        }
        if let operators = batch.operators, operators.count != count { problems.append("operators for \(operators.count) rows") }
        if let costs = batch.costs, costs.count != count { problems.append("\(costs.count) costs") }
        if let devices = batch.devices,
            devices.deviceIDs.count != count || devices.batchSizes.count != count
                || devices.values.count != count * devices.featureNames.count
        {
            problems.append("device rows that do not match")
        }
        if let targets = batch.targets, targets.count != count { problems.append("\(targets.count) targets") }
        if let models = batch.models, models.models.count != count { problems.append("\(models.models.count) models") }
        guard problems.isEmpty else {
            throw PreparationError(message: "batch of \(count) rows has \(problems.joined(separator: ", "))")
        }
    }
}
