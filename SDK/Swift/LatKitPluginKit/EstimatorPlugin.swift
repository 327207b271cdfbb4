import LatKitPluginABI

/// A latency estimator (or, registered with `PluginRegistration.accuracyPredictor`, an accuracy
/// predictor): learns from batches and predicts one value per architecture.
public protocol EstimatorPlugin: PluginIdentity {
    /// `LATKIT_VIEW_*` bits this estimator needs in its batches.
    static var views: Int { get }
    /// `LATKIT_CAN_*` / `LATKIT_HAS_*` bits.
    static var capabilities: Int { get }
    /// With `LATKIT_VIEW_FEATURES`: the encoding wanted (nil = the space's default).
    static var featureEncoding: String? { get }
    /// Learns from `train` (targets set); `validation` may guide early stopping or selection.
    func fit(train: BatchView, validation: BatchView?, seed: UInt64, progress: ProgressReporter) throws
    /// Refines a fitted model with a few rows of a target device (second training stage).
    func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws
    /// Writes one prediction per row into `mean`, and one standard deviation into `std` when given.
    func predict(_ batch: BatchView, mean: UnsafeMutableBufferPointer<Double>, std: UnsafeMutableBufferPointer<Double>?) throws
    /// The fitted state as bytes that `load` reads back.
    func save() throws -> [UInt8]
    /// Restores a state written by `save`.
    func load(_ bytes: UnsafeRawBufferPointer) throws
}

extension EstimatorPlugin {
    /// Default: no particular encoding, so the search space's default one is used.
    public static var featureEncoding: String? { nil }
    /// Default: refuses with `PluginError.unsupported`; override for estimators that can adapt.
    public func adapt(shots: BatchView, seed: UInt64, progress: ProgressReporter) throws {
        throw PluginError.unsupported("\(Self.name) cannot adapt to a new device")
    }
}

/// The estimator instance behind a handle made by `createThunk`.
private func plugin(_ handle: OpaquePointer?) -> EstimatorPlugin {
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue() as! EstimatorPlugin
}

enum EstimatorThunks {
    static func table<P: EstimatorPlugin>(for type: P.Type) -> latkit_estimator_api {
        var table = latkit_estimator_api()
        table.header = header(MemoryLayout<latkit_estimator_api>.size)
        table.create = createThunk
        table.destroy = destroyThunk
        table.views = UInt32(P.views)
        table.capabilities = UInt32(P.capabilities)
        table.feature_encoding = P.featureEncoding.map(cString)
        table.fit = { handle, train, validation, seed, progress, error in
            guarded(error) {
                try plugin(handle).fit(
                    train: try BatchView(train), validation: try validation.map { try BatchView($0) }, seed: seed,
                    progress: ProgressReporter(progress))
            }
        }
        table.adapt = { handle, shots, seed, progress, error in
            guarded(error) {
                try plugin(handle).adapt(shots: try BatchView(shots), seed: seed, progress: ProgressReporter(progress))
            }
        }
        table.predict = { handle, batch, mean, std, error in
            guarded(error) {
                let view = try BatchView(batch)
                guard view.count == 0 || mean != nil else { throw PluginError.invalid("no output buffer for predictions") }
                try plugin(handle).predict(
                    view, mean: UnsafeMutableBufferPointer(start: mean, count: view.count),
                    std: std.map { UnsafeMutableBufferPointer(start: $0, count: view.count) })
            }
        }
        table.save = { handle, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let bytes = try plugin(handle).save()
                try bytes.withUnsafeBytes { try sink.put(bytes: $0) }
            }
        }
        table.load = { handle, bytes, length, error in
            guarded(error) {
                try plugin(handle).load(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
            }
        }
        return table
    }
}
