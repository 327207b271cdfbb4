/// Trains and scores estimators on one data set, preparing each view of the data once.
///
/// This is the engine behind `latkit bench` and `latkit reproduce`: a CSV row became a canonical
/// architecture (LatencyDataset), the host prepares the views an estimator declared
/// (BatchPreparer), the plugin fits and predicts through the ABI, and the predictions are scored
/// (RegressionMetrics, RankCorrelation).
public final class EstimatorEvaluation {
    public let catalog: PluginCatalog
    public let dataset: LatencyDataset
    public let preparer: BatchPreparer
    /// Full-data batches by (views, encoding), computed on first use.
    private var prepared: [String: ArchitectureBatch] = [:]

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
        return try score(estimator, on: test, trainCount: fits ? train.count : 0, fitSeconds: fitSeconds, full: full)
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
        let actual = test.map { dataset.targets[$0] }
        return Evaluation(
            estimator: estimator.name, trainCount: trainCount, testRows: test, predictions: predictions, actual: actual,
            metrics: try RegressionMetrics(predicted: predictions.mean, actual: actual),
            spearman: try RankCorrelation.spearman(predictions.mean, actual),
            kendall: try RankCorrelation.kendallTauB(predictions.mean, actual),
            fitSeconds: fitSeconds, predictMicrosecondsPerArchitecture: test.isEmpty ? 0 : seconds * 1e6 / Double(test.count))
    }
}

/// One estimator scored on one test set.
public struct Evaluation {
    public var estimator: String
    public var trainCount: Int
    public var testRows: [Int]
    public var predictions: Predictions
    public var actual: [Double]
    public var metrics: RegressionMetrics
    public var spearman: Double?
    public var kendall: Double?
    public var fitSeconds: Double
    /// Prediction time per architecture through the plugin ABI (batch of the whole test set).
    public var predictMicrosecondsPerArchitecture: Double
}
