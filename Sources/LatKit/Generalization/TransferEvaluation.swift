/// Runs estimators through the new-device protocol (`TransferTask`) on a multi-device data set.
///
/// An estimator that declares the DEVICE view is fitted on every measured row of the training
/// series (each row carrying its series' descriptor and batch size), then adapted with the
/// target's shots when it can adapt, then asked for the target's test rows. A single-device
/// estimator (no DEVICE view) is fitted on the shots alone, so every estimator is compared on the
/// same footing; it needs at least two shots.
public final class TransferEvaluation {
    /// Where the estimators are created by name.
    public let catalog: PluginCatalog
    /// The data.
    public let dataset: MultiDeviceDataset
    /// Describes each series' hardware for the device view.
    public let descriptors: DeviceDescriptorEncoder
    private let preparer: BatchPreparer
    private var prepared: [String: ArchitectureBatch] = [:]

    /// Evaluates estimators of `catalog` on `dataset`, whose architectures belong to `space`.
    public init(catalog: PluginCatalog, dataset: MultiDeviceDataset, space: SearchSpace, descriptors: DeviceDescriptorEncoder) {
        self.catalog = catalog
        self.dataset = dataset
        self.descriptors = descriptors
        self.preparer = BatchPreparer(space: space)
    }

    /// Every distinct architecture with the views `estimator` needs except the device (cached).
    private func architectureViews(for estimator: LatencyEstimator) throws -> ArchitectureBatch {
        var views = estimator.requirements.views
        views.remove(.device)
        let key = "\(views.rawValue)|\(estimator.requirements.featureEncoding ?? "")"
        if let batch = prepared[key] { return batch }
        let batch = try preparer.batch(dataset.architectures, views: views, encoding: estimator.requirements.featureEncoding)
        prepared[key] = batch
        return batch
    }

    /// Rows (architecture, series) as a batch with the estimator's views, with targets when `labelled`.
    private func batch(_ rows: [(architecture: Int, series: Int)], views: ArchitectureBatch, device: Bool, labelled: Bool)
        -> ArchitectureBatch
    {
        var batch = views.subset(rows.map(\.architecture))
        if device { batch.devices = descriptors.rows(series: dataset.series, seriesOfRow: rows.map(\.series)) }
        batch.targets = labelled ? rows.map { dataset.latencies[$0.series][$0.architecture]! } : nil
        return batch
    }

    /// The (architecture, series) rows an estimator with the device view trains on: every
    /// measured row of the task's training series, and nothing of the target.
    func trainingRows(_ task: TransferTask) -> [(architecture: Int, series: Int)] {
        var rows: [(architecture: Int, series: Int)] = []
        for series in task.trainSeries where series != task.target {
            for architecture in dataset.architectures.indices where dataset.latencies[series][architecture] != nil {
                rows.append((architecture, series))
            }
        }
        return rows
    }

    /// Fits, adapts and scores `name` (with `options`) on `task`.
    /// `Evaluation.testRows` are architecture indices of the data set (all on the target series).
    public func evaluate(estimator name: String, options: [String: String], task: TransferTask) throws -> Evaluation {
        let estimator = try catalog.estimator(name, options: options)
        let views = try architectureViews(for: estimator)
        let usesDevices = estimator.requirements.views.contains(.device)
        let shotRows = task.shots.map { (architecture: $0, series: task.target) }
        let testRows = task.test.map { (architecture: $0, series: task.target) }
        var fitSeconds = 0.0
        var trainCount = 0
        if usesDevices {
            let trainRows = trainingRows(task)
            guard !trainRows.isEmpty else {
                throw TransferError("no training series left for target '\(dataset.series[task.target].column)'")
            }
            trainCount = trainRows.count
            let train = batch(trainRows, views: views, device: true, labelled: true)
            fitSeconds = try Stopwatch.time { try estimator.fit(train: train, validation: nil, seed: task.seed, progress: nil) }.seconds
            if !shotRows.isEmpty, estimator.requirements.capabilities.contains(.adapt) {
                let shots = batch(shotRows, views: views, device: true, labelled: true)
                fitSeconds += try Stopwatch.time { try estimator.adapt(shots: shots, seed: task.seed, progress: nil) }.seconds
            }
        } else {
            guard shotRows.count >= 2 else {
                throw TransferError(
                    "'\(name)' learns one device at a time: it needs at least 2 shots of the target (got \(shotRows.count))")
            }
            trainCount = shotRows.count
            let shots = batch(shotRows, views: views, device: false, labelled: true)
            fitSeconds = try Stopwatch.time { try estimator.fit(train: shots, validation: nil, seed: task.seed, progress: nil) }.seconds
        }
        let test = batch(testRows, views: views, device: usesDevices, labelled: false)
        let (predictions, seconds) = try Stopwatch.time { try estimator.predict(test) }
        let actual = testRows.map { dataset.latencies[$0.series][$0.architecture]! }
        return Evaluation(
            estimator: estimator.name, trainCount: trainCount, testRows: task.test, predictions: predictions, actual: actual,
            metrics: try RegressionMetrics(predicted: predictions.mean, actual: actual),
            spearman: try RankCorrelation.spearman(predictions.mean, actual),
            kendall: try RankCorrelation.kendallTauB(predictions.mean, actual), fitSeconds: fitSeconds,
            predictMicrosecondsPerArchitecture: testRows.isEmpty ? 0 : seconds * 1e6 / Double(testRows.count))
    }
}

extension Evaluation {
    /// The benchmark record of this evaluation in the new-device protocol.
    public func record(dataset: MultiDeviceDataset, task: TransferTask, options: [String: String]) -> BenchmarkRecord {
        var record = BenchmarkRecord(
            estimator: estimator, nTrain: trainCount, nTest: actual.count, rmseMs: metrics.rmse, maeMs: metrics.mae, mapePct: metrics.mape,
            within5Pct: metrics.within5Percent, within10Pct: metrics.within10Percent, spearman: spearman ?? .nan,
            kendall: kendall ?? .nan, maxAbsErrMs: metrics.maxAbsoluteError, fitSeconds: fitSeconds,
            predictUsPerArch: predictMicrosecondsPerArchitecture, dataset: dataset.source, target: dataset.series[task.target].column,
            split: "new device", seed: task.seed, options: options.isEmpty ? nil : options, space: dataset.searchSpace)
        record.trainDevices = task.trainSeries.map { dataset.series[$0].column }
        record.shots = task.shots.count
        return record.withInterval(of: self)
    }
}
