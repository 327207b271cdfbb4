import Foundation

/// An estimator plugin that runs in a child `latkit plugin-worker` process, so that a plugin
/// that crashes, aborts, calls `exit()` or never returns costs the call, not the host.
///
/// The child loads the plugin's library and creates one handle; every `fit`, `adapt`,
/// `predict`, `save` and `load` is a binary request and a reply through a `WorkerConnection`.
public final class IsolatedEstimator: LatencyEstimator {
    /// The plugin's name.
    public var name: String { worker.name }
    /// The plugin's version.
    public let version: String
    /// The plugin's declared views and capabilities (read from its table in the host).
    public let requirements: EstimatorRequirements
    /// The plugin's library file.
    public var file: String { worker.file }
    /// Seconds one call may take before the child is killed; nil waits forever.
    public var timeout: Double? { worker.timeout }

    private let worker: WorkerConnection
    /// Estimator or accuracy predictor: what its outputs must be.
    private let kind: PluginKind

    /// Starts `executable plugin-worker` for `plugin` and waits until the plugin's `create` has
    /// returned in the child (within `timeout`).
    public init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double? = nil) throws {
        version = plugin.version
        kind = plugin.kind
        requirements = PluginEstimator.requirements(of: plugin)
        worker = try WorkerConnection(plugin: plugin, options: options, executable: executable, timeout: timeout)
    }

    /// Fits in the child; progress reports come back, and returning false cancels as in-process.
    public func fit(train: ArchitectureBatch, validation: ArchitectureBatch?, seed: UInt64, progress: ProgressHandler?) throws {
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.fit.rawValue)
        try WorkerWire.write(train, to: &body)
        body.u8(validation == nil ? 0 : 1)
        if let validation { try WorkerWire.write(validation, to: &body) }
        body.u64(seed)
        _ = try worker.exchange(body.bytes, function: "fit", progress: progress)
    }

    /// Adapts in the child.
    public func adapt(shots: ArchitectureBatch, seed: UInt64, progress: ProgressHandler?) throws {
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.adapt.rawValue)
        try WorkerWire.write(shots, to: &body)
        body.u64(seed)
        _ = try worker.exchange(body.bytes, function: "adapt", progress: progress)
    }

    /// Predicts in the child.
    public func predict(_ batch: ArchitectureBatch) throws -> Predictions {
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.predict.rawValue)
        try WorkerWire.write(batch, to: &body)
        var reply = try worker.exchange(body.bytes, function: "predict")
        guard let mean = reply.array(Double.self), mean.count == batch.count, let hasStd = reply.u8() else {
            throw worker.malformed("predict")
        }
        var std: [Double]?
        if hasStd != 0 {
            guard let values = reply.array(Double.self), values.count == batch.count else { throw worker.malformed("predict") }
            std = values
        }
        // The worker checked them; the host does not trust a process a plugin may have corrupted.
        let predictions = Predictions(mean: mean, std: std)
        try PredictionValidation.check(predictions, count: batch.count, plugin: name, function: "predict", kind: kind)
        return predictions
    }

    /// The fitted state, saved in the child.
    public func save() throws -> [UInt8] {
        var reply = try worker.exchange([WorkerWire.Request.save.rawValue], function: "save")
        guard let bytes = reply.blob() else { throw worker.malformed("save") }
        return bytes
    }

    /// Loads a state in the child.
    public func load(_ bytes: [UInt8]) throws {
        var body = BinaryWriter()
        body.u8(WorkerWire.Request.load.rawValue)
        body.blob(bytes)
        _ = try worker.exchange(body.bytes, function: "load")
    }
}
