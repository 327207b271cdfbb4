/// Trains and scores estimators on one data set, preparing each view of the data once.
///
/// This is the engine behind `latkit bench` and `latkit reproduce`: a CSV row became a canonical
/// architecture (LatencyDataset), the host prepares the views an estimator declared
/// (BatchPreparer), the plugin fits and predicts through the ABI, and the predictions are scored
/// (RegressionMetrics, RankCorrelation).
public final class EstimatorEvaluation {
    /// Where the estimators are created by name.
    public let catalog: PluginCatalog
    /// The data set whose rows `train`, `validation` and `test` index.
    public let dataset: LatencyDataset
    /// Computes the views of the data set's architectures from the search space.
    public let preparer: BatchPreparer
    /// Full-data batches by (views, encoding), computed on first use.
    private var prepared: [String: ArchitectureBatch] = [:]

    /// Evaluates estimators from `catalog` on `dataset`, whose architectures belong to `space`.
    public init(catalog: PluginCatalog, dataset: LatencyDataset, space: SearchSpace) {
        self.catalog = catalog
        self.dataset = dataset
        self.preparer = BatchPreparer(space: space)
    }

    /// The whole data set carrying the views `estimator` needs (cached), with targets.
    func fullBatch(for estimator: LatencyEstimator) throws -> ArchitectureBatch {
        let requirements = estimator.requirements
        let key = "\(requirements.views.rawValue)|\(requirements.featureEncoding ?? "")"
        if let batch = prepared[key] { return batch }
        let batch = try preparer.batch(
            dataset.architectures, views: requirements.views, encoding: requirements.featureEncoding, targets: dataset.targets)
        prepared[key] = batch
        return batch
    }

    /// Creates `estimator` with `options`, fits it on `train` (with `validation`), and scores it on `test`.
    /// With `fit: false` (pretrained weights, a measured lookup table) the estimator is scored as created.
    public func evaluate(
        estimator name: String, options: [String: String], train: [Int], validation: [Int], test: [Int], seed: UInt64, fit: Bool = true,
        progress: ProgressHandler? = nil
    ) throws -> Evaluation {
        try fitAndScore(
            estimator: name, options: options, train: train, validation: validation, test: test, seed: seed, fit: fit, progress: progress
        ).evaluation
    }

    /// k-fold cross-validation (see `DataSplit.folds`): fits once per fold, with `seed` dealing
    /// the folds and seeding every fit, and scores the pooled test predictions of all folds as
    /// one evaluation (see `Evaluation(pooling:)`). `foldStarted` hears each fold and its split
    /// before its fit.
    public func crossValidate(
        estimator name: String, options: [String: String], folds: Int, seed: UInt64, fit: Bool = true,
        foldStarted: ((Int, DataSplit) -> Void)? = nil
    ) throws -> Evaluation {
        let splits = try DataSplit.folds(rowCount: dataset.count, count: folds, seed: seed)
        return try Evaluation(
            pooling: splits.enumerated().map { fold, split in
                foldStarted?(fold, split)
                return try evaluate(
                    estimator: name, options: options, train: split.train, validation: split.validation, test: split.test, seed: seed,
                    fit: fit)
            })
    }

    /// `evaluate`, also handing back the fitted estimator (to predict with it again without refitting).
    public func fitAndScore(
        estimator name: String, options: [String: String], train: [Int], validation: [Int], test: [Int], seed: UInt64, fit: Bool = true,
        progress: ProgressHandler? = nil
    ) throws -> (evaluation: Evaluation, estimator: LatencyEstimator) {
        let estimator = try catalog.estimator(name, options: options)
        let full = try fullBatch(for: estimator)
        var fitSeconds = 0.0
        let fits = fit && estimator.requirements.capabilities.contains(.fit)
        if fits {
            let trainBatch = full.subset(train)
            let validationBatch = validation.isEmpty ? nil : full.subset(validation)
            fitSeconds = try Stopwatch.time {
                try estimator.fit(train: trainBatch, validation: validationBatch, seed: seed, progress: progress)
            }.seconds
        }
        return (try score(estimator, on: test, trainCount: fits ? train.count : 0, fitSeconds: fitSeconds, full: full), estimator)
    }

    /// Scores an already fitted (or loaded) estimator on `test`.
    public func score(_ estimator: LatencyEstimator, on test: [Int], trainCount: Int, fitSeconds: Double) throws -> Evaluation {
        try score(estimator, on: test, trainCount: trainCount, fitSeconds: fitSeconds, full: fullBatch(for: estimator))
    }

    private func score(_ estimator: LatencyEstimator, on test: [Int], trainCount: Int, fitSeconds: Double, full: ArchitectureBatch) throws
        -> Evaluation
    {
        let testBatch = full.subset(test).withoutTargets
        let (predictions, seconds) = try Stopwatch.time { try estimator.predict(testBatch) }
        return try Evaluation(
            scoring: estimator.name, trainCount: trainCount, testRows: test, predictions: predictions,
            actual: test.map { dataset.targets[$0] }, fitSeconds: fitSeconds, predictSeconds: seconds)
    }
}

/// One estimator scored on one test set.
public struct Evaluation {
    /// Estimator name, such as `mlp`.
    public var estimator: String
    /// Training rows used; 0 when the estimator was scored without fitting.
    public var trainCount: Int
    /// The data set rows predicted.
    public var testRows: [Int]
    /// Predictions for the test rows (ms for latency estimators), with standard deviations where given.
    public var predictions: Predictions
    /// The test rows' target values (measured latencies, ms), in `testRows` order.
    public var actual: [Double]
    /// Error metrics of the predicted means against `actual`.
    public var metrics: RegressionMetrics
    /// Spearman rank correlation of predicted and measured; nil when undefined (e.g. constant predictions).
    public var spearman: Double?
    /// Kendall's tau-b of predicted and measured; nil when undefined.
    public var kendall: Double?
    /// Wall time of fitting, seconds (0 without fitting).
    public var fitSeconds: Double
    /// Prediction time per architecture through the plugin ABI (batch of the whole test set).
    public var predictMicrosecondsPerArchitecture: Double
}

extension Evaluation {
    /// Scores `predictions` of `testRows` against their measured values `actual`: error metrics,
    /// rank correlations, and the prediction time per architecture from `predictSeconds`.
    public init(
        scoring estimator: String, trainCount: Int, testRows: [Int], predictions: Predictions, actual: [Double], fitSeconds: Double,
        predictSeconds: Double
    ) throws {
        self.init(
            estimator: estimator, trainCount: trainCount, testRows: testRows, predictions: predictions, actual: actual,
            metrics: try RegressionMetrics(predicted: predictions.mean, actual: actual),
            spearman: try RankCorrelation.spearman(predictions.mean, actual),
            kendall: try RankCorrelation.kendallTauB(predictions.mean, actual), fitSeconds: fitSeconds,
            predictMicrosecondsPerArchitecture: actual.isEmpty ? 0 : predictSeconds * 1e6 / Double(actual.count))
    }

    /// The evaluations of one estimator on disjoint test sets (the folds of a cross-validation)
    /// scored as one: predictions and measurements concatenated in fold order, metrics and rank
    /// correlations computed on all of them, the mean training rows and fit time per fold, and
    /// the prediction time per architecture over all rows. A std counts only if every fold has one.
    public init(pooling folds: [Evaluation]) throws {
        guard let first = folds.first else { throw SplitError("no evaluations to pool") }
        let stds = folds.compactMap(\.predictions.std)
        let predictions = Predictions(
            mean: folds.flatMap(\.predictions.mean), std: stds.count == folds.count ? stds.flatMap { $0 } : nil)
        let rows = Double(folds.reduce(0) { $0 + $1.actual.count })
        let predictSeconds = folds.reduce(0.0) { $0 + $1.predictMicrosecondsPerArchitecture * Double($1.actual.count) } / 1e6
        try self.init(
            scoring: first.estimator,
            trainCount: Int((Double(folds.reduce(0) { $0 + $1.trainCount }) / Double(folds.count)).rounded()),
            testRows: folds.flatMap(\.testRows), predictions: predictions, actual: folds.flatMap(\.actual),
            fitSeconds: folds.reduce(0.0) { $0 + $1.fitSeconds } / Double(folds.count), predictSeconds: rows > 0 ? predictSeconds : 0)
    }

    /// The nominal 90% interval (mean ± 1.645 std): share of test rows inside it, and its mean
    /// width relative to the measurement, both in %; nil without a std.
    public var interval90: (coveragePct: Double, widthPct: Double)? {
        guard let std = predictions.std, !actual.isEmpty else { return nil }
        var inside = 0
        var width = 0.0
        for (index, value) in actual.enumerated() {
            let half = 1.645 * std[index]
            if abs(predictions.mean[index] - value) <= half { inside += 1 }
            width += 2 * half / value
        }
        return (100 * Double(inside) / Double(actual.count), 100 * width / Double(actual.count))
    }

    /// The nominal 90% interval's coverage (%) in each quarter of the test rows ordered by
    /// predicted value, smallest first (quarters of equal size, within one row): a std that is
    /// right on average can still be too wide for small networks and too narrow for large ones;
    /// nil without a std or with fewer than 4 rows.
    public var coverage90ByQuarter: [Double]? {
        guard let std = predictions.std, actual.count >= 4 else { return nil }
        let order = actual.indices.sorted { (predictions.mean[$0], $0) < (predictions.mean[$1], $1) }
        return (0..<4).map { quarter in
            let part = order[(quarter * order.count / 4)..<((quarter + 1) * order.count / 4)]
            let inside = part.filter { abs(predictions.mean[$0] - actual[$0]) <= 1.645 * std[$0] }.count
            return 100 * Double(inside) / Double(part.count)
        }
    }
}
