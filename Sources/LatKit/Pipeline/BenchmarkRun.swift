/// One benchmark of an estimator on a data set: a split, optional training-set sizes (a
/// sample-efficiency sweep) and repeats over seeds. Used by `latkit bench` and `latkit reproduce`.
public struct BenchmarkRun {
    /// Estimator name, such as `mlp`.
    public var estimator: String
    /// Options the estimator is created with.
    public var options: [String: String]
    /// The split used for every repeat unless `resplit` is set.
    public var split: DataSplit
    /// How the split was made, for the records (e.g. "paper", "random 70/15/15").
    public var splitLabel: String
    /// Training-set sizes to sweep (the first N of the shuffled training rows); empty = all.
    public var trainSizes: [Int]
    /// Runs per training size (at least one).
    public var repeats: Int
    /// Seed of the first repeat; repeat `i` uses `seed + i` for the split, the row subset and the estimator.
    public var seed: UInt64
    /// Re-draws the split for each repeat (random splits); nil keeps `split`.
    public var resplit: ((UInt64) throws -> DataSplit)?
    /// k-fold cross-validation instead of `split`: each repeat deals the rows into this many folds
    /// (with its seed), fits once per fold and scores the pooled test predictions of all folds,
    /// one record per repeat (see `DataSplit.folds`); nil uses `split`.
    public var folds: Int?

    /// Creates a benchmark; by default one repeat on all training rows with seed 0.
    public init(
        estimator: String, options: [String: String], split: DataSplit, splitLabel: String, trainSizes: [Int] = [], repeats: Int = 1,
        seed: UInt64 = 0, resplit: ((UInt64) throws -> DataSplit)? = nil, folds: Int? = nil
    ) {
        self.folds = folds
        self.estimator = estimator
        self.options = options
        self.split = split
        self.splitLabel = splitLabel
        self.trainSizes = trainSizes
        self.repeats = repeats
        self.seed = seed
        self.resplit = resplit
    }

    /// Runs every (size, repeat) and returns one record and evaluation each, in order.
    public func run(on evaluation: EstimatorEvaluation, progress: ((String) -> Void)? = nil) throws -> [(BenchmarkRecord, Evaluation)] {
        var results: [(BenchmarkRecord, Evaluation)] = []
        if let folds {
            guard trainSizes.isEmpty else { throw SplitError("cross-validation scores every row once: it takes no training-set sizes") }
            for repeatIndex in 0..<max(repeats, 1) {
                let seed = self.seed &+ UInt64(repeatIndex)
                let pooled = try evaluation.crossValidate(estimator: estimator, options: options, folds: folds, seed: seed) { fold, split in
                    progress?(
                        "\(estimator): fold \(fold + 1)/\(folds), \(split.train.count) training rows, repeat \(repeatIndex + 1)/\(max(repeats, 1))"
                    )
                }
                results.append((pooled.record(dataset: evaluation.dataset, split: splitLabel, seed: seed, options: options), pooled))
            }
            return results
        }
        let sizes: [Int?] = trainSizes.isEmpty ? [nil] : trainSizes
        for repeatIndex in 0..<max(repeats, 1) {
            let seed = self.seed &+ UInt64(repeatIndex)
            let split = try resplit?(seed) ?? self.split
            for size in sizes {
                let train = try size.map { try split.firstTraining($0, seed: seed) } ?? split.train
                progress?("\(estimator): \(train.count) training rows, repeat \(repeatIndex + 1)/\(max(repeats, 1))")
                let result = try evaluation.evaluate(
                    estimator: estimator, options: options, train: train, validation: split.validation, test: split.test, seed: seed)
                results.append((result.record(dataset: evaluation.dataset, split: splitLabel, seed: seed, options: options), result))
            }
        }
        return results
    }
}

extension Evaluation {
    /// The benchmark record of this evaluation.
    public func record(dataset: LatencyDataset, split: String, seed: UInt64, options: [String: String]) -> BenchmarkRecord {
        record(source: dataset.source, target: dataset.targetColumn, space: dataset.searchSpace, split: split, seed: seed, options: options)
    }

    /// The benchmark record of this evaluation on data read from `source`, with the 90% interval
    /// figures where the estimator gave a std.
    func record(source: String, target: String, space: String, split: String, seed: UInt64, options: [String: String]) -> BenchmarkRecord {
        var record = BenchmarkRecord(
            estimator: estimator, nTrain: trainCount, nTest: testRows.count, rmseMs: metrics.rmse, maeMs: metrics.mae,
            mapePct: metrics.mape,
            within5Pct: metrics.within5Percent, within10Pct: metrics.within10Percent, spearman: spearman ?? .nan, kendall: kendall ?? .nan,
            maxAbsErrMs: metrics.maxAbsoluteError, fitSeconds: fitSeconds, predictUsPerArch: predictMicrosecondsPerArchitecture,
            dataset: source, target: target, split: split, seed: seed, options: options.isEmpty ? nil : options, space: space)
        if let interval = interval90 {
            record.coverage90Pct = interval.coveragePct
            record.meanIntervalWidthPct = interval.widthPct
            record.coverage90ByQuarterPct = coverage90ByQuarter
        }
        return record
    }
}
