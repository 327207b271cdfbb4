import Foundation
import LatKit

/// `latkit bench`: trains and scores an estimator (built in, or a third-party library by path).
enum BenchCommand: Command {
    static let spec = CommandSpec(
        path: ["bench"], summary: "Train and score an estimator on a latency data set (RMSE, MAE, MAPE, rank correlation, speed)",
        discussion: """
            Split either by rows (--train-rows A:B --test-rows A:B [--validation-rows A:B], half-open ranges; without
            --validation-rows the rows between the training and test ranges validate) or at random (--split 70/15/15 with --seed; the default). --train-size N[,N...] sweeps training-set sizes (the first N
            of the shuffled training rows) for sample-efficiency curves; --repeats R repeats with seeds K, K+1, ...
            --folds K cross-validates instead: the rows (shuffled with --seed) are dealt into K folds, each fold is tested
            once by a fit on K-2 others (the next fold validates), and the record scores all rows' pooled predictions:
            for small measured sets, where one test slice of a few dozen rows says little (a 90% coverage from 37 rows is
            ±5 points).
            RMSE is the true root mean squared error; MAE is reported separately.

            Benchmark suite (--suite standard|quick): the given estimators (repeat --estimator; --set applies to each)
            and the built-in baselines (lut-fitted, flops, nearest-device, mlp, hwgen) on a fixed, versioned set of tasks
            over the shipped data: single device with many rows, with 100/250/1,000 rows, and new devices from 10 shots.
            Each figure has a 95% bootstrap interval; each estimator is compared with the best built-in (win, loss or
            tie by the paired interval); ranks per task and overall; fit time, µs per prediction and model size. Writes
            report.md, report.html and results.json to --out (default out/suite). A plugin given by path runs in a child
            process: a crash loses its own results from that task on, not the run.

            New-device protocol (with --shots, --holdout-each or --train-devices; --data is a multi-device file, wide or
            long): the estimator trains on the other series (or --train-devices), every row of the --target series kept out,
            sees --shots N of the target's rows (drawn with --seed; --shots-from FILE names them), and is scored on every
            other target row. Estimators with the device view (hwgen, nearest-device) train on all training series and
            adapt; single-device ones (mlp, lut-fitted, flops) train on the shots alone. --holdout-each makes each series
            the target in turn and prints the mean and the worst; --repeats R averages over shot draws.
            """,
        options: DataOptions.all
            + EstimatorOptions.all.map {
                $0.name == "estimator"
                    ? .value(
                        "estimator", "NAME|PATH", "estimator plugin name, or a plugin library path (PATH:NAME); repeatable with --suite",
                        repeatable: true) : $0
            } + [
                .value("lut", "FILE", "lookup table for the lut estimator (same as --set table=FILE)"),
                .value("train-rows", "A:B", "training rows"),
                .value("validation-rows", "A:B", "validation rows (default: the rows between the training and test ranges, if any)"),
                .value("test-rows", "A:B", "test rows"),
                .value("split", "T/V/T", "random split percentages (default 70/15/15)"),
                .value("train-size", "N[,N...]", "training-set sizes to sweep"),
                .value("repeats", "R", "repeats over seeds (default 1)"),
                .value("folds", "K", "K-fold cross-validation instead of one split (3-100): every row tested once, scored on all rows"),
                .flag("json", "print one JSON object per run (JSON lines) instead of a table"),
            ] + TransferBench.options + SuiteBench.options)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        if SuiteBench.requested(arguments) { return try SuiteBench.run(arguments, context) }
        if arguments.all("estimator").count > 1 { throw UsageError(message: "--estimator may be repeated only with --suite") }
        if TransferBench.requested(arguments) { return try TransferBench.run(arguments, context) }
        for option in ["devices", "hardware", "exclude-archs"] where arguments.value(option) != nil {
            throw UsageError(message: "--\(option) belongs to the new-device protocol: add --shots N or --holdout-each")
        }
        for flag in ["exclude-hardware", "base-train", "ceiling"] where arguments.flag(flag) {
            throw UsageError(message: "--\(flag) belongs to the new-device protocol: add --shots N or --holdout-each")
        }
        // Counts first: a usage error before the data is read or anything is allocated for them.
        let sizes = try arguments.ints("train-size", in: CountLimits.trainSize)
        let repeats = try arguments.int("repeats", default: 1, in: CountLimits.repeats)
        let folds = arguments.value("folds") == nil ? nil : try arguments.int("folds", default: 0, in: CountLimits.folds)
        if folds != nil {
            for option in ["split", "train-rows", "validation-rows", "test-rows", "train-size"] where arguments.value(option) != nil {
                throw UsageError(message: "--folds cross-validates over every row: it takes no --\(option)")
            }
        }
        let space = try SpaceOptions.searchSpace(arguments, context)
        var (name, options) = try EstimatorOptions.resolve(arguments, context)
        if let lut = arguments.value("lut") { options["table"] = lut }
        let dataset = try DataOptions.load(arguments, space: space, context)
        let seed = try arguments.seed(default: 0)
        let run: BenchmarkRun
        if let folds {
            run = BenchmarkRun(
                estimator: name, options: options, split: DataSplit(train: [], validation: [], test: []),
                splitLabel: "\(folds)-fold cross-validation", repeats: repeats, seed: seed, folds: folds)
        } else {
            let (split, label, resplit) = try makeSplit(arguments, rowCount: dataset.count, seed: seed)
            run = BenchmarkRun(
                estimator: name, options: options, split: split, splitLabel: label, trainSizes: sizes, repeats: repeats, seed: seed,
                resplit: resplit)
        }
        let evaluation = EstimatorEvaluation(catalog: try context.catalog(), dataset: dataset, space: space)
        let results = try run.run(on: evaluation) { context.warn("bench: \($0)") }
        let records = results.map(\.0)
        if arguments.flag("json") {
            context.out(BenchmarkRecord.jsonLines(records))
        } else {
            context.print(TextTable(ReportTable.records(records)).render())
            for record in records {
                guard let coverage = record.coverage90Pct, let quarters = record.coverage90ByQuarterPct else { continue }
                context.print(
                    String(
                        format:
                            "%@, seed %llu: the 90%% interval covers %.1f%% of test rows (by quarter of predicted latency, smallest first: %@%%), mean width %.1f%%",
                        record.estimator, record.seed ?? 0, coverage, quarters.map { String(format: "%.1f", $0) }.joined(separator: " / "),
                        record.meanIntervalWidthPct ?? .nan))
            }
            if repeats > 1 {
                for group in RepeatSummary.grouped(records, metric: \.rmseMs) {
                    context.print(
                        String(
                            format: "%@, %d training rows: RMSE %.4f ± %.4f ms over %d repeats", group.estimator, group.nTrain,
                            group.summary.mean, group.summary.standardDeviation, group.summary.count))
                }
            }
        }
        return 0
    }

    /// The split the options ask for; random splits re-draw per repeat.
    static func makeSplit(_ arguments: ParsedArguments, rowCount: Int, seed: UInt64) throws
        -> (DataSplit, String, ((UInt64) throws -> DataSplit)?)
    {
        let rowOptions = ["train-rows", "test-rows", "validation-rows"].filter { arguments.value($0) != nil }
        if !rowOptions.isEmpty {
            guard arguments.value("split") == nil else { throw UsageError(message: "give either row ranges or --split, not both") }
            guard let train = arguments.value("train-rows"), let test = arguments.value("test-rows") else {
                throw UsageError(message: "row ranges need both --train-rows and --test-rows")
            }
            // Without --validation-rows, the rows between the training and the test range validate
            // (the paper's 0:7000 / 8500: leaves 7000:8500 for early stopping and calibration).
            let trainRange = try RowRange(parsing: train, rowCount: rowCount)
            let testRange = try RowRange(parsing: test, rowCount: rowCount)
            let gap =
                trainRange.range.upperBound < testRange.range.lowerBound
                ? "\(trainRange.range.upperBound):\(testRange.range.lowerBound)" : nil
            let validation = arguments.value("validation-rows") ?? gap
            let split = try DataSplit.ranges(train: train, validation: validation, test: test, rowCount: rowCount)
            return (split, "rows train \(train)" + (validation.map { " validation \($0)" } ?? "") + " test \(test)", nil)
        }
        let text = arguments.value("split") ?? "70/15/15"
        let parts = text.split(separator: "/").compactMap { Double($0) }
        guard parts.count == 3 else { throw UsageError(message: "--split needs three percentages like 70/15/15, got '\(text)'") }
        let percentages = (parts[0], parts[1], parts[2])
        let split = try DataSplit.random(rowCount: rowCount, percentages: percentages, seed: seed)
        return (split, "random \(text)", { try DataSplit.random(rowCount: rowCount, percentages: percentages, seed: $0) })
    }
}
