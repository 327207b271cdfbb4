/// A latency estimator: learns latency from measured architectures and predicts it for new ones.
/// Accuracy predictors share this interface (they predict top-1 accuracy instead of milliseconds).
public protocol LatencyEstimator: AnyObject {
    /// The plugin's name, e.g. "mlp".
    var name: String { get }
    /// The plugin's version.
    var version: String { get }
    /// Which views its batches must carry, and what it can do.
    var requirements: EstimatorRequirements { get }
    /// Learns from `train`; `validation` may guide early stopping or model selection.
    func fit(train: ArchitectureBatch, validation: ArchitectureBatch?, seed: UInt64, progress: ProgressHandler?) throws
    /// Refines a fitted model with a few rows of a target device.
    func adapt(shots: ArchitectureBatch, seed: UInt64, progress: ProgressHandler?) throws
    /// One prediction per row, with a standard deviation where the estimator has one.
    func predict(_ batch: ArchitectureBatch) throws -> Predictions
    /// The fitted state as bytes.
    func save() throws -> [UInt8]
    /// Restores a state written by `save`.
    func load(_ bytes: [UInt8]) throws
}

/// Called during long work with a fraction in 0...1 (negative when unknown) and an optional
/// message; return false to cancel.
public typealias ProgressHandler = (Double, String?) -> Bool

/// The views an estimator needs and the capabilities it declares.
public struct EstimatorRequirements: Equatable, Sendable {
    /// The views every batch given to the estimator must carry.
    public var views: BatchViews
    /// What the estimator can do (fit, adapt, standard deviations, save).
    public var capabilities: EstimatorCapabilities
    /// With `.features`: the encoding wanted, nil for the space's default.
    public var featureEncoding: String?

    /// Creates requirements; `featureEncoding` nil asks for the space's default encoding.
    public init(views: BatchViews, capabilities: EstimatorCapabilities, featureEncoding: String? = nil) {
        self.views = views
        self.capabilities = capabilities
        self.featureEncoding = featureEncoding
    }
}

/// `LATKIT_VIEW_*` bits.
public struct BatchViews: OptionSet, Sendable, Hashable {
    /// The bits as the ABI writes them.
    public let rawValue: UInt32
    /// Creates a set from ABI bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Canonical architecture strings.
    public static let architectures = BatchViews(rawValue: 1 << 0)
    /// A float32 feature matrix in the space's (or the requested) encoding.
    public static let features = BatchViews(rawValue: 1 << 1)
    /// Operator keys and counts per architecture.
    public static let operators = BatchViews(rawValue: 1 << 2)
    /// Multiply-accumulates and parameters per architecture.
    public static let cost = BatchViews(rawValue: 1 << 3)
    /// A device descriptor row and batch size per row.
    public static let device = BatchViews(rawValue: 1 << 4)
    /// A runnable model per row, for profilers (ABI 1.1).
    public static let models = BatchViews(rawValue: 1 << 5)

    /// Names of the set views, for reports.
    public var names: [String] {
        [
            (BatchViews.architectures, "architectures"), (.features, "features"), (.operators, "operators"), (.cost, "cost"),
            (.device, "device"), (.models, "models"),
        ]
        .filter { contains($0.0) }.map(\.1)
    }
}

/// `LATKIT_CAN_*` / `LATKIT_HAS_*` bits.
public struct EstimatorCapabilities: OptionSet, Sendable, Hashable {
    /// The bits as the ABI writes them.
    public let rawValue: UInt32
    /// Creates a set from ABI bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `fit` learns from targets.
    public static let fit = EstimatorCapabilities(rawValue: 1 << 0)
    /// `adapt` refines a fitted model with a few rows of a target device.
    public static let adapt = EstimatorCapabilities(rawValue: 1 << 1)
    /// `predict` also returns a standard deviation per row.
    public static let standardDeviation = EstimatorCapabilities(rawValue: 1 << 2)
    /// `save` and `load` round-trip the fitted state.
    public static let save = EstimatorCapabilities(rawValue: 1 << 3)

    /// The capabilities' names: "fit", "adapt", "std", "save".
    public var names: [String] {
        [(EstimatorCapabilities.fit, "fit"), (.adapt, "adapt"), (.standardDeviation, "std"), (.save, "save")]
            .filter { contains($0.0) }.map(\.1)
    }
}

/// Predictions for a batch.
public struct Predictions: Equatable, Sendable {
    /// One value per row (ms for latency estimators).
    public var mean: [Double]
    /// One standard deviation per row, where the estimator provides them.
    public var std: [Double]?
    /// Creates predictions; `std`, when given, has one value per row like `mean`.
    public init(mean: [Double], std: [Double]?) {
        self.mean = mean
        self.std = std
    }
}
