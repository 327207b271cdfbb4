/// Prepares the views estimators ask for: the host holds the search space, so plugins never call
/// each other. Given canonical architectures, it computes features, operators and costs once,
/// and hands each estimator exactly the views it declared.
public final class BatchPreparer {
    /// The search space that encodes, decomposes and prices the architectures.
    public let space: SearchSpace

    /// Creates a preparer for architectures of `space`.
    public init(space: SearchSpace) { self.space = space }

    /// A batch of `architectures` carrying `views` (features in `encoding`, nil = default), with optional targets.
    public func batch(
        _ architectures: [String], views: BatchViews, encoding: String? = nil, targets: [Double]? = nil, devices: DeviceRows? = nil
    ) throws -> ArchitectureBatch {
        if let targets { precondition(targets.count == architectures.count, "one target per architecture") }
        if views.contains(.device), devices == nil {
            throw PreparationError(message: "the estimator needs device descriptors (the device view); give the data's devices")
        }
        return ArchitectureBatch(
            searchSpace: space.name, count: architectures.count, architectures: architectures,
            features: views.contains(.features) ? try space.encode(architectures, encoding: encoding) : nil,
            operators: views.contains(.operators) ? try space.operators(architectures) : nil,
            costs: views.contains(.cost) ? try space.cost(architectures) : nil,
            devices: views.contains(.device) ? devices : nil,
            targets: targets)
    }

    /// A batch carrying what `estimator` needs.
    public func batch(_ architectures: [String], for estimator: LatencyEstimator, targets: [Double]? = nil, devices: DeviceRows? = nil)
        throws -> ArchitectureBatch
    {
        try batch(
            architectures, views: estimator.requirements.views, encoding: estimator.requirements.featureEncoding, targets: targets,
            devices: devices)
    }
}

/// The host cannot prepare a batch an estimator needs.
public struct PreparationError: Error, CustomStringConvertible {
    /// What the host could not provide.
    public var message: String
    /// The message as it is.
    public var description: String { message }
}
