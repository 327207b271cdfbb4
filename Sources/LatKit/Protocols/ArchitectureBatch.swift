/// n architectures with the views an estimator needs, prepared by the host (see
/// `BatchPreparer`) and handed to plugins as a `latkit_batch`.
public struct ArchitectureBatch: Sendable {
    /// Name of the search space.
    public var searchSpace: String
    /// Canonical architecture strings; present with `.architectures` (and always counted).
    public var architectures: [String]
    /// Feature matrix, with `.features`.
    public var features: FeatureMatrix?
    /// Operators per row, with `.operators`.
    public var operators: [[Operator]]?
    /// Costs per row, with `.cost`.
    public var costs: [Cost]?
    /// Device descriptors per row, with `.device`.
    public var devices: DeviceRows?
    /// Training targets (ms), nil when predicting.
    public var targets: [Double]?
    /// A runnable model per row, with `.models` (profilers).
    public var models: RunnableModels?
    /// Number of rows.
    public let count: Int

    /// Creates a batch of `count` rows; views left out are absent.
    public init(
        searchSpace: String, count: Int, architectures: [String] = [], features: FeatureMatrix? = nil,
        operators: [[Operator]]? = nil, costs: [Cost]? = nil, devices: DeviceRows? = nil, targets: [Double]? = nil,
        models: RunnableModels? = nil
    ) {
        self.searchSpace = searchSpace
        self.count = count
        self.architectures = architectures
        self.features = features
        self.operators = operators
        self.costs = costs
        self.devices = devices
        self.targets = targets
        self.models = models
    }

    /// The views this batch carries.
    public var views: BatchViews {
        var views: BatchViews = []
        if architectures.count == count { views.insert(.architectures) }
        if features != nil { views.insert(.features) }
        if operators != nil { views.insert(.operators) }
        if costs != nil { views.insert(.cost) }
        if devices != nil { views.insert(.device) }
        if models != nil { views.insert(.models) }
        return views
    }

    /// The rows at `indices`, every view kept.
    public func subset(_ indices: [Int]) -> ArchitectureBatch {
        ArchitectureBatch(
            searchSpace: searchSpace, count: indices.count,
            architectures: architectures.count == count ? indices.map { architectures[$0] } : [],
            features: features.map { matrix in
                var values: [Float] = []
                values.reserveCapacity(indices.count * matrix.columns)
                for index in indices { values += matrix.row(index) }
                return FeatureMatrix(values: values, rows: indices.count, columns: matrix.columns, encoding: matrix.encoding)
            },
            operators: operators.map { ops in indices.map { ops[$0] } },
            costs: costs.map { costs in indices.map { costs[$0] } },
            devices: devices.map { $0.subset(indices) },
            targets: targets.map { targets in indices.map { targets[$0] } },
            models: models.map { set in RunnableModels(format: set.format, models: indices.map { set.models[$0] }) })
    }
}

/// Per-row device descriptors: a float32 matrix of hardware features, the device id and the batch size.
public struct DeviceRows: Sendable, Equatable {
    /// Names of the descriptor columns, e.g. ["cores", "memory_gb", "bandwidth_gbps"].
    public var featureNames: [String]
    /// Row-major rows x featureNames.count.
    public var values: [Float]
    /// The device id of each row.
    public var deviceIDs: [String]
    /// The batch size each row was measured at.
    public var batchSizes: [Float]

    /// Creates descriptors for `deviceIDs.count` rows.
    public init(featureNames: [String], values: [Float], deviceIDs: [String], batchSizes: [Float]) {
        self.featureNames = featureNames
        self.values = values
        self.deviceIDs = deviceIDs
        self.batchSizes = batchSizes
    }

    func subset(_ indices: [Int]) -> DeviceRows {
        let width = featureNames.count
        return DeviceRows(
            featureNames: featureNames,
            values: indices.flatMap { values[($0 * width)..<(($0 + 1) * width)] },
            deviceIDs: indices.map { deviceIDs[$0] }, batchSizes: indices.map { batchSizes[$0] })
    }
}
