import LatKitRandom

/// One run of the new-device protocol: which series is the unseen target, which series the
/// estimator may train on, and which target rows it may see.
///
/// Every row of the target series is kept out of training; with `excludeHardware`, so is every
/// series of the same hardware at another batch size. The shots are `shots` target architectures
/// drawn with `seed` (or the architectures of `shotArchitectures`); the test set is every other
/// architecture measured on the target.
public struct TransferTask: Sendable {
    /// Index of the target series in the data set.
    public var target: Int
    /// Indices of the series available for training (never the target).
    public var trainSeries: [Int]
    /// Target architectures (indices into the data set) the estimator sees.
    public var shots: [Int]
    /// Target architectures it is scored on.
    public var test: [Int]
    /// The seed of the shot draw and of the estimator.
    public var seed: UInt64
    /// Architectures whose rows of the training series may be used; nil = all (the default).
    public var trainArchitectures: Set<Int>?

    /// A task as it is, unchecked (for a model that knows every series it is scored on).
    init(target: Int, trainSeries: [Int], shots: [Int], test: [Int], seed: UInt64) {
        self.target = target
        self.trainSeries = trainSeries
        self.shots = shots
        self.test = test
        self.seed = seed
        self.trainArchitectures = nil
    }

    /// A task with the shots and test architectures given (indices into the data set), e.g. the
    /// paper's positional split: shots from the first 7,000 rows, test rows 8500-9999, training
    /// series restricted to `trainArchitectures`.
    public init(
        dataset: MultiDeviceDataset, target column: String, trainColumns: [String], shots: [Int], test: [Int],
        trainArchitectures: Set<Int>?, seed: UInt64
    ) throws {
        let target = try dataset.seriesIndex(column)
        guard !trainColumns.contains(column) else { throw TransferError("the target series '\(column)' cannot also be a training series") }
        for index in shots + test where index >= dataset.architectures.count || dataset.latencies[target][index] == nil {
            throw TransferError("architecture \(index) is not measured on '\(column)'")
        }
        guard Set(shots).isDisjoint(with: test) else { throw TransferError("a shot architecture is also a test architecture") }
        self.target = target
        self.trainSeries = try trainColumns.map { try dataset.seriesIndex($0) }
        self.shots = shots
        self.test = test
        self.seed = seed
        self.trainArchitectures = trainArchitectures
    }

    /// A task on `dataset`. `trainColumns` nil: every other series (less the target's hardware
    /// with `excludeHardware`). `shotArchitectures` (canonical), when given, replaces the seeded draw.
    public init(
        dataset: MultiDeviceDataset, target column: String, trainColumns: [String]?, shots: Int, shotArchitectures: [String]? = nil,
        seed: UInt64, excludeHardware: Bool
    ) throws {
        let target = try dataset.seriesIndex(column)
        let hardware = dataset.series[target].hardwareID
        if trainColumns?.contains(column) == true {
            throw TransferError("the target series '\(column)' cannot also be a training series")
        }
        var train = try (trainColumns ?? dataset.series.map(\.column)).map { try dataset.seriesIndex($0) }.filter { $0 != target }
        if excludeHardware { train = train.filter { dataset.series[$0].hardwareID != hardware } }
        let measured = dataset.architectures.indices.filter { dataset.latencies[target][$0] != nil }
        var chosen: [Int]
        if let shotArchitectures {
            let position = Dictionary(dataset.architectures.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            chosen = try shotArchitectures.map { architecture in
                guard let index = position[architecture], dataset.latencies[target][index] != nil else {
                    throw TransferError("shot architecture '\(architecture)' is not measured on '\(column)'")
                }
                return index
            }
        } else {
            guard shots >= 0, shots < measured.count else {
                throw TransferError("\(shots) shots leave no test rows: '\(column)' has \(measured.count) measured architectures")
            }
            var generator = SeededGenerator(seed: seed)
            var order = measured
            generator.shuffle(&order)
            chosen = Array(order.prefix(shots))
        }
        let shotSet = Set(chosen)
        self.target = target
        self.trainSeries = train
        self.shots = chosen
        self.test = measured.filter { !shotSet.contains($0) }
        self.seed = seed
    }
}

/// The new-device protocol cannot run as asked.
public struct TransferError: Error, CustomStringConvertible {
    /// What is wrong, in one line.
    public var message: String
    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message as it is.
    public var description: String { message }
}
