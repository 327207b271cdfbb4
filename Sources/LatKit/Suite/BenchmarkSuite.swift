/// A fixed, versioned set of benchmark tasks on the shipped data. Two results are comparable only
/// when their suite name and version match: the tasks, splits, shot draws, seeds and bootstrap
/// are fixed by them.
public struct BenchmarkSuite: Sendable, Codable {
    /// `standard` or `quick`.
    public var name: String
    /// Bumped whenever a task, split, seed or the statistics change.
    public var version: String
    /// The tasks, in report order.
    public var tasks: [SuiteTask]
    /// Seeds: each task runs once per seed (a training seed; a split or shot draw where the task draws one).
    public var seeds: [UInt64]
    /// Bootstrap resamples for every interval.
    public var bootstrapResamples: Int
    /// The built-in estimators every run includes, with the options they run with.
    public var builtIns: [SuiteEstimator]

    /// The suites by name.
    public static func named(_ name: String) -> BenchmarkSuite? {
        switch name {
        case "standard": return standard
        case "quick": return quick
        default: return nil
        }
    }

    /// The built-in baselines: the fitted lookup table, MACs, the nearest known device, the
    /// default `mlp` and `hwgen` (which can each only do some tasks; the others are marked n/a).
    public static let builtInEstimators = [
        SuiteEstimator(label: "lut-fitted", reference: "lut-fitted", options: ["unseen": "zero"], builtIn: true),
        SuiteEstimator(label: "flops", reference: "flops", options: ["model": "auto"], builtIn: true),
        SuiteEstimator(label: "nearest-device", reference: "nearest-device", options: [:], builtIn: true),
        SuiteEstimator(label: "mlp", reference: "mlp", options: [:], builtIn: true),
        SuiteEstimator(label: "hwgen", reference: "hwgen", options: [:], builtIn: true),
    ]

    private static let paperFile = "ofanas_paper/ofa_paper_latency.csv"
    private static let xeonFile = "ofanas_paper/compofa_fixedkernel_measured_243.csv"

    private static func manyRows() -> [SuiteTask] {
        [
            .singleDevice(
                id: "rtx2080ti/paper", title: "RTX 2080 Ti, OFA w1.0, paper split (7,000 training rows)", regime: .manyRows,
                file: paperFile, space: "ofa-mbv3-w1.0", target: "rtx_2080_ti_ms", split: .paper),
            .singleDevice(
                id: "p40/paper", title: "Tesla P40, OFA w1.0, paper split", regime: .manyRows, file: paperFile, space: "ofa-mbv3-w1.0",
                target: "tesla_p40_ms", split: .paper),
            .singleDevice(
                id: "note10/paper", title: "Note10 lookup-table sums, OFA w1.2, paper split", regime: .manyRows, file: paperFile,
                space: "ofa-mbv3-w1.2", target: "note10_lut_ms", split: .paper),
            .singleDevice(
                id: "xeon243/random", title: "Xeon CPU, the 243 real CompOFA measurements, random 70/15/15", regime: .manyRows,
                file: xeonFile, space: "compofa-fixed", spaceOptions: ["width": "1.0"], target: "intel_xeon_cpu_ms", split: .random,
                resolutionColumn: "r_measured"),
        ]
    }

    private static func fewRows(_ sizes: [Int]) -> [SuiteTask] {
        let sets: [(String, String, String, String)] = [
            ("rtx2080ti", "RTX 2080 Ti", "rtx_2080_ti_ms", "ofa-mbv3-w1.0"), ("p40", "Tesla P40", "tesla_p40_ms", "ofa-mbv3-w1.0"),
            ("note10", "Note10 lookup-table sums", "note10_lut_ms", "ofa-mbv3-w1.2"),
        ]
        var tasks: [SuiteTask] = []
        for (id, name, target, space) in sets {
            for size in sizes {
                tasks.append(
                    .singleDevice(
                        id: "\(id)/rows-\(size)", title: "\(name), \(size) training rows (paper test rows)", regime: .fewRows,
                        file: paperFile, space: space, target: target, split: .paper, trainRows: size))
            }
        }
        if sizes.contains(100) {
            tasks.append(
                .singleDevice(
                    id: "xeon243/rows-100", title: "Xeon CPU (243 real), 100 training rows", regime: .fewRows, file: xeonFile,
                    space: "compofa-fixed", spaceOptions: ["width": "1.0"], target: "intel_xeon_cpu_ms", split: .random, trainRows: 100,
                    resolutionColumn: "r_measured"))
        }
        return tasks
    }

    private static let nasBench201 = SuiteTask.newDevice(
        id: "nasbench201/lodo-10", title: "NAS-Bench-201, one device held out, 10 shots", file: "help_nasbench201/latency_wide.csv",
        space: "nasbench201",
        targets: ["1080ti_bs1", "titanx_bs256", "titanxp_bs32", "gold_6240", "silver_4210r", "samsung_a50", "pixel3", "essential_ph_1"],
        shots: 10, exclusion: "help_nasbench201/disconnected_cells.txt")
    private static let fbnet = SuiteTask.newDevice(
        id: "fbnet/lodo-10", title: "FBNet, one device held out, 10 shots", file: "help_fbnet/latency_wide.csv", space: "fbnet",
        targets: ["1080ti_bs1", "2080ti_bs32", "gold_6240", "silver_4114", "samsung_s7", "pixel3"], shots: 10)
    private static let helpOFA = SuiteTask.newDevice(
        id: "help-ofa-gpus/lodo-10", title: "HELP OFA w1.2, one GPU at batch 64 held out, 10 shots", file: "help_ofa_mbv3/latency_wide.csv",
        space: "ofa-mbv3-w1.2", targets: ["2080ti_bs64", "titan_xp_bs64", "v100_bs64"], shots: 10)

    /// The standard suite: every regime, 3 seeds.
    public static let standard = BenchmarkSuite(
        name: "standard", version: "1", tasks: manyRows() + fewRows([100, 250, 1000]) + [nasBench201, fbnet, helpOFA], seeds: [0, 1, 2],
        bootstrapResamples: 1000, builtIns: builtInEstimators)

    /// The quick suite: one task per regime and one seed, for a plugin author's edit-compile-check loop.
    public static let quick = BenchmarkSuite(
        name: "quick", version: "1",
        tasks: [
            manyRows()[3], fewRows([250])[0],
            SuiteTask.newDevice(
                id: "nasbench201/lodo-10-quick", title: "NAS-Bench-201, three devices held out in turn, 10 shots",
                file: "help_nasbench201/latency_wide.csv", space: "nasbench201", targets: ["1080ti_bs1", "gold_6240", "pixel3"], shots: 10,
                exclusion: "help_nasbench201/disconnected_cells.txt"),
        ],
        seeds: [0], bootstrapResamples: 500, builtIns: builtInEstimators)
}

/// An estimator in a suite run: a built-in by name, or a user's plugin by name or path.
public struct SuiteEstimator: Sendable, Codable, Equatable {
    /// The column heading in the leaderboard.
    public var label: String
    /// Plugin name, or `PATH` / `PATH:NAME` of a plugin library.
    public var reference: String
    /// Options passed to `create`.
    public var options: [String: String]
    /// One of the suite's baselines.
    public var builtIn: Bool

    /// Describes an estimator of a run.
    public init(label: String, reference: String, options: [String: String], builtIn: Bool) {
        self.label = label
        self.reference = reference
        self.options = options
        self.builtIn = builtIn
    }
}
