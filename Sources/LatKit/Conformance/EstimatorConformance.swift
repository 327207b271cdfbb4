/// The conformance suite for estimators and accuracy predictors: fit and predict on a synthetic
/// set, batch-versus-single consistency, determinism with a seed, save/load round trip, and error
/// paths that must return errors instead of crashing.
enum EstimatorConformance {
    static func run(_ plugin: PluginInfo, options: [String: String], isolation: IsolationPolicy = .inProcess) -> ConformanceReport {
        // Each check gets its own instance; isolated, a crash fails that check, not the run.
        func make(_ options: [String: String]) throws -> LatencyEstimator { try isolation.estimator(plugin, options: options) }
        var report = ConformanceReport(plugin: plugin.name, kind: plugin.kind)
        let data = SyntheticData(rows: 240, seed: 11)
        let train = data.rows(0..<160)
        let validation = data.rows(160..<200)
        let test = data.rows(200..<240).withoutTargets
        var fitted: LatencyEstimator?
        var reference: Predictions?
        /// Fails the check where `predictions` break the host's run-time rule for this kind of
        /// plugin (the one function both `plugins check` and every `predict` call use).
        func validate(_ predictions: Predictions, rows: Int) throws {
            do {
                try PredictionValidation.check(predictions, count: rows, plugin: plugin.name, function: "predict", kind: plugin.kind)
            } catch let error as InvalidPredictionError {
                throw ConformanceFailure(error.description)
            }
        }

        report.record("create with options \(options.isEmpty ? "(none)" : optionsText(options))") {
            let estimator = try make(options)
            let req = estimator.requirements
            return
                "views: \(req.views.names.joined(separator: ", ").orNone); capabilities: \(req.capabilities.names.joined(separator: ", ").orNone)"
        }
        report.recordUnknownOptionRefused(options: options) { _ = try make($0) }
        report.record("fit and predict on a synthetic set") {
            let estimator = try make(options)
            guard estimator.requirements.capabilities.contains(.fit) else {
                throw ConformanceSkip(reason: "does not declare LATKIT_CAN_FIT")
            }
            try estimator.fit(train: train, validation: validation, seed: 7, progress: nil)
            let predictions = try estimator.predict(test)
            // The run-time rule (PluginEstimator.predict applies it on every call), restated here.
            try validate(predictions, rows: test.count)
            fitted = estimator
            reference = predictions
            let truth = data.rows(200..<240).targets!
            let rmse = rootMeanSquare(zip(predictions.mean, truth).map { $0 - $1 })
            let mean = truth.reduce(0, +) / Double(truth.count)
            let baseline = rootMeanSquare(truth.map { $0 - mean })
            return "test RMSE \(format(rmse)) (predicting the mean: \(format(baseline)))"
        }
        report.record("batch and single-row predictions agree") {
            guard let fitted, let reference else { throw ConformanceSkip(reason: "needs a fitted model") }
            for row in 0..<8 {
                let single = try fitted.predict(test.subset([row])).mean[0]
                try expect(close(single, reference.mean[row]), "row \(row): batched \(reference.mean[row]) vs single \(single)")
            }
            return "8 rows"
        }
        report.record("same seed, same model") {
            guard fitted != nil, let reference else { throw ConformanceSkip(reason: "needs a fitted model") }
            let again = try make(options)
            try again.fit(train: train, validation: validation, seed: 7, progress: nil)
            let predictions = try again.predict(test)
            let worst = zip(predictions.mean, reference.mean).map { abs($0 - $1) }.max() ?? 0
            try expect(zip(predictions.mean, reference.mean).allSatisfy { close($0, $1) }, "refit with seed 7 differs by up to \(worst)")
            return "max difference \(worst)"
        }
        report.record("save and load round trip") {
            guard let fitted, let reference else { throw ConformanceSkip(reason: "needs a fitted model") }
            guard fitted.requirements.capabilities.contains(.save) else {
                throw ConformanceSkip(reason: "does not declare LATKIT_CAN_SAVE")
            }
            let bytes = try fitted.save()
            let restored = try make(options)
            try restored.load(bytes)
            let predictions = try restored.predict(test)
            try expect(predictions.mean == reference.mean, "predictions after load differ")
            return "\(bytes.count) bytes"
        }
        report.record("loading garbage returns an error") {
            let estimator = try make(options)
            guard estimator.requirements.capabilities.contains(.save) else {
                throw ConformanceSkip(reason: "does not declare LATKIT_CAN_SAVE")
            }
            for garbage in [[UInt8](), [0xFF, 0x00, 0x13], [UInt8](repeating: 0xAB, count: 64)] {
                do {
                    try estimator.load(garbage)
                    throw ConformanceFailure("load accepted \(garbage.count) garbage bytes")
                } catch is PluginCallError {}
            }
            return "3 garbage inputs refused"
        }
        report.record("predict before fit returns an error") {
            let estimator = try make(options)
            guard estimator.requirements.capabilities.contains(.fit) else { throw ConformanceSkip(reason: "needs no fit") }
            do {
                _ = try estimator.predict(test)
            } catch let error as PluginCallError {
                return "refused: \(error.message)"
            }
            throw ConformanceFailure("predict succeeded before fit")
        }
        report.record("fit on zero rows returns an error") {
            let estimator = try make(options)
            guard estimator.requirements.capabilities.contains(.fit) else { throw ConformanceSkip(reason: "needs no fit") }
            do {
                try estimator.fit(train: data.rows(0..<0), validation: nil, seed: 1, progress: nil)
            } catch let error as PluginCallError {
                return "refused: \(error.message)"
            }
            throw ConformanceFailure("fit accepted zero training rows")
        }
        report.record("adapt refines a fitted model with a few rows") {
            guard let fitted else { throw ConformanceSkip(reason: "needs a fitted model") }
            guard fitted.requirements.capabilities.contains(.adapt) else {
                throw ConformanceSkip(reason: "does not declare LATKIT_CAN_ADAPT")
            }
            try fitted.adapt(shots: data.rows(160..<180), seed: 3, progress: nil)
            let predictions = try fitted.predict(test)
            try validate(predictions, rows: test.count)
            return "20 shots"
        }
        report.record("extension function signatures parse") {
            guard !plugin.functions.isEmpty else { throw ConformanceSkip(reason: "no extension functions") }
            for function in plugin.functions {
                do {
                    _ = try FunctionSignature(parsing: function.signature)
                } catch {
                    throw ConformanceFailure("\(function.name): \(error)")
                }
            }
            return plugin.functions.map { "\($0.name) \($0.signature)" }.joined(separator: ", ")
        }
        report.record("empty batch predicts nothing") {
            guard let fitted else { throw ConformanceSkip(reason: "needs a fitted model") }
            let predictions = try fitted.predict(test.subset([]))
            try expect(predictions.mean.isEmpty, "returned \(predictions.mean.count) values for 0 rows")
            return ""
        }
        return report
    }

    private static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-4 * max(1, abs(a), abs(b))
    }

    private static func rootMeanSquare(_ values: [Double]) -> Double {
        (values.reduce(0) { $0 + $1 * $1 } / Double(max(values.count, 1))).squareRoot()
    }

    private static func format(_ value: Double) -> String {
        let scaled = (value * 10000).rounded() / 10000
        return "\(scaled)"
    }
}

extension ArchitectureBatch {
    /// The same rows without targets, as predict receives them.
    var withoutTargets: ArchitectureBatch {
        var copy = self
        copy.targets = nil
        return copy
    }
}

extension String {
    var orNone: String { isEmpty ? "none" : self }
}
