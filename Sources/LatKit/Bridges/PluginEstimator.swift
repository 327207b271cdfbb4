import LatKitPluginABI

/// An estimator (or accuracy-predictor) plugin behind the typed `LatencyEstimator` protocol.
final class PluginEstimator: LatencyEstimator {
    private let instance: PluginInstance
    private let api: latkit_estimator_api
    let requirements: EstimatorRequirements

    var name: String { instance.plugin.name }
    var version: String { instance.plugin.version }

    init(plugin: PluginInfo, options: [String: String]) throws {
        api = plugin.table(as: latkit_estimator_api.self)
        requirements = PluginEstimator.requirements(of: plugin)
        instance = try PluginInstance(plugin: plugin, options: options)
    }

    /// What the plugin's table declares: views, capabilities, feature encoding.
    static func requirements(of plugin: PluginInfo) -> EstimatorRequirements {
        let api = plugin.table(as: latkit_estimator_api.self)
        return EstimatorRequirements(
            views: BatchViews(rawValue: api.views), capabilities: EstimatorCapabilities(rawValue: api.capabilities),
            featureEncoding: api.feature_encoding.map { String(cString: $0) })
    }

    private func unsupported(_ function: String) -> PluginCallError {
        PluginCallError(
            plugin: name, function: function, status: Int32(LATKIT_ERR_UNSUPPORTED), message: "\(name) does not declare this capability")
    }

    func fit(train: ArchitectureBatch, validation: ArchitectureBatch?, seed: UInt64, progress: ProgressHandler?) throws {
        guard requirements.capabilities.contains(.fit), let fit = api.fit else { throw unsupported("fit") }
        let views = requirements.views
        let trainC = try CBatch(train, views: views)
        let validationC = try validation.map { try CBatch($0, views: views) }
        try withProgress(progress) { progress in
            try trainC.withPointer { trainPointer in
                if let validationC {
                    try validationC.withPointer { validationPointer in
                        try instance.call("fit") { fit($0, trainPointer, validationPointer, seed, progress, $1) }
                    }
                } else {
                    try instance.call("fit") { fit($0, trainPointer, nil, seed, progress, $1) }
                }
            }
        }
    }

    func adapt(shots: ArchitectureBatch, seed: UInt64, progress: ProgressHandler?) throws {
        guard requirements.capabilities.contains(.adapt), let adapt = api.adapt else { throw unsupported("adapt") }
        let batch = try CBatch(shots, views: requirements.views)
        try withProgress(progress) { progress in
            try batch.withPointer { pointer in try instance.call("adapt") { adapt($0, pointer, seed, progress, $1) } }
        }
    }

    /// Calls the plugin's `predict` on output arrays filled with `PredictionValidation.unwritten`,
    /// then refuses, with an `InvalidPredictionError`, any slot left unwritten and any latency that
    /// is not finite and positive or standard deviation that is not finite and at least 0.
    func predict(_ batch: ArchitectureBatch) throws -> Predictions {
        let predict = api.predict!
        let laidOut = try CBatch(batch, views: requirements.views)
        var mean = [Double](repeating: PredictionValidation.unwritten, count: batch.count)
        let hasStd = requirements.capabilities.contains(.standardDeviation)
        var std = [Double](repeating: PredictionValidation.unwritten, count: hasStd ? batch.count : 0)
        try laidOut.withPointer { pointer in
            try mean.withUnsafeMutableBufferPointer { meanBuffer in
                try std.withUnsafeMutableBufferPointer { stdBuffer in
                    try instance.call("predict") { predict($0, pointer, meanBuffer.baseAddress, hasStd ? stdBuffer.baseAddress : nil, $1) }
                }
            }
        }
        let predictions = Predictions(mean: mean, std: hasStd ? std : nil)
        try PredictionValidation.check(predictions, count: batch.count, plugin: name, function: "predict", kind: instance.plugin.kind)
        return predictions
    }

    func save() throws -> [UInt8] {
        guard requirements.capabilities.contains(.save), let save = api.save else { throw unsupported("save") }
        let collector = ByteCollector()
        try instance.call("save") { handle, error in withSink(collector) { save(handle, $0, error) } }
        return collector.bytes
    }

    func load(_ bytes: [UInt8]) throws {
        guard requirements.capabilities.contains(.save), let load = api.load else { throw unsupported("load") }
        try bytes.withUnsafeBufferPointer { buffer in
            try instance.call("load") { load($0, buffer.baseAddress, UInt64(buffer.count), $1) }
        }
    }
}
