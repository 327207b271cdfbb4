/// One task of a benchmark suite: a data set, how it is split, and the metric estimators are
/// ranked by. Every estimator runs a task on exactly the same splits and shot draws.
public struct SuiteTask: Sendable, Codable, Equatable {
    /// The three regimes users care about.
    public enum Regime: String, Sendable, Codable, CaseIterable {
        case manyRows = "single device, many rows"
        case fewRows = "single device, few rows"
        case newDevice = "new device, few shots"
    }

    /// The metric a task ranks by.
    public enum Metric: String, Sendable, Codable {
        /// Root mean squared error, ms (lower is better): the paper's metric.
        case rmse
        /// Spearman rank correlation (higher is better): what a search needs, and HELP's metric.
        case spearman

        /// Whether a larger value is better.
        public var higherIsBetter: Bool { self == .spearman }
        /// The name in reports.
        public var label: String { self == .rmse ? "RMSE (ms)" : "Spearman" }
    }

    /// Stable identifier within the suite version, e.g. `rtx2080ti/rows-100`.
    public var id: String
    /// What the task is, in one line.
    public var title: String
    /// Its regime.
    public var regime: Regime
    /// The data file, relative to the data folder.
    public var file: String
    /// Search-space plugin and options.
    public var space: String
    /// Search-space options.
    public var spaceOptions: [String: String]
    /// The primary metric.
    public var metric: Metric
    /// Single device: the latency column; new device: unused (the targets are `targets`).
    public var target: String
    /// Single device: the split.
    public var split: SplitKind
    /// Single device: training rows drawn (per seed) from the split's training rows; nil = all.
    public var trainRows: Int?
    /// A column to read as the resolution `r` (the 243 real Xeon measurements' `r_measured`).
    public var resolutionColumn: String?
    /// New device: the held-out target series, each in turn (leave one device out).
    public var targets: [String]
    /// New device: measured rows of the target given to the estimator.
    public var shots: Int
    /// New device: a file of architectures left out of the data set.
    public var exclusion: String?
    /// New device: at most this many test rows per target and draw (a seeded subset, so the
    /// bootstrap stays fast on 15,625-cell tables).
    public var testRowLimit: Int

    /// How a single-device task splits its rows.
    public enum SplitKind: String, Sendable, Codable {
        /// The OFANAS paper's positional split: rows 0-69%, 70-84% validation, 85-100% test.
        case paper
        /// A seeded random 70/15/15 split, redrawn per seed.
        case random
        /// Not a single-device task.
        case none
    }

    /// A single-device task.
    public static func singleDevice(
        id: String, title: String, regime: Regime, file: String, space: String, spaceOptions: [String: String] = [:], target: String,
        split: SplitKind, trainRows: Int? = nil, resolutionColumn: String? = nil
    ) -> SuiteTask {
        SuiteTask(
            id: id, title: title, regime: regime, file: file, space: space, spaceOptions: spaceOptions, metric: .rmse, target: target,
            split: split, trainRows: trainRows, resolutionColumn: resolutionColumn, targets: [], shots: 0, exclusion: nil, testRowLimit: 0)
    }

    /// A leave-one-device-out task on a multi-device file.
    public static func newDevice(
        id: String, title: String, file: String, space: String, targets: [String], shots: Int, exclusion: String? = nil,
        testRowLimit: Int = 500
    ) -> SuiteTask {
        SuiteTask(
            id: id, title: title, regime: .newDevice, file: file, space: space, spaceOptions: [:], metric: .spearman, target: "",
            split: .none, trainRows: nil, resolutionColumn: nil, targets: targets, shots: shots, exclusion: exclusion,
            testRowLimit: testRowLimit)
    }
}
