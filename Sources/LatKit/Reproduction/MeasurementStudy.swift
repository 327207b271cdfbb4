import Foundation

/// Runs a `MeasurementStudyPlan`: the "Real latency on this machine" section of `latkit reproduce`.
///
/// 1. this machine's lookup table, one resolution timed alone, then every resolution (operators
///    shared by several resolutions measured once), into a fresh store;
/// 2. whole subnets at batch 1;
/// 3. some of them measured again, straight through the profiler (not stored): the noise floor;
///    a few of those also timed interleaved with their operators (`InterleavedTableCheck`);
/// 4. estimators scored on the held-out subnets (`MeasurementStudy+Comparison.swift`);
/// 5. a search under this machine's latency budget, its best networks measured
///    (`MeasurementStudy+Search.swift`).
///
/// When the profiler cannot be created (its ONNX Runtime library is missing) the section is
/// skipped with the reason; when a step fails it is reported as failed: either way `reproduce`
/// goes on with its other sections.
public final class MeasurementStudy {
    /// Where the plugins come from (needs the profiler, `ofa`, `lut`, `mlp`, `flops` and `search`).
    public let catalog: PluginCatalog
    /// What to run.
    public let plan: MeasurementStudyPlan
    let log: (String) -> Void

    /// Prepares a run; `log` receives one progress line per step.
    public init(catalog: PluginCatalog, plan: MeasurementStudyPlan, log: @escaping (String) -> Void) {
        self.catalog = catalog
        self.plan = plan
        self.log = log
    }

    /// The folder name of the study inside a report folder.
    public static let folderName = "measurement"

    /// Runs every step; never throws: a missing library skips the section, a failing step marks it failed.
    public func run() -> MeasurementStudyResults {
        let profiler: Profiler
        do {
            profiler = try catalog.profiler(plan.profiler, options: plan.profilerOptions)
        } catch {
            log("real latency: skipped (\(error))")
            return .notRun("skipped", reason: "profiler '\(plan.profiler)' could not be created: \(error)")
        }
        let clock = Stopwatch()
        do {
            var results = try measure(with: profiler)
            results.seconds = clock.seconds
            log(String(format: "real latency: %.0f s in all", results.seconds))
            return results
        } catch {
            log("real latency: failed (\(error))")
            var results = MeasurementStudyResults.notRun("failed", reason: "\(error)")
            results.seconds = clock.seconds
            return results
        }
    }

    /// What steps 1-3 leave for steps 4 and 5.
    struct Measured {
        let space: SearchSpace
        let session: ProfilingSession
        let tablePath: String
        /// The sampled subnets, in sample order.
        let architectures: [String]
        /// Their measured latencies, as a data set (rows in any order).
        let dataset: LatencyDataset
        /// The data set row of each sampled subnet, in sample order.
        let rows: [Int]
    }

    private func measure(with profiler: Profiler) throws -> MeasurementStudyResults {
        let folder = plan.folder
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let loadBefore = Self.loadAverage()
        let space = try catalog.searchSpace(plan.space, options: plan.spaceOptions)
        let store = try SQLiteMeasurementStore(path: folder + "/measurements.sqlite")
        let session = try ProfilingSession(space: space, profiler: profiler, store: store, settings: plan.settings)
        var results = MeasurementStudyResults(status: "ran")
        results.store = Self.folderName + "/measurements.sqlite"
        results.measurementProtocol = .init(
            profiler: profiler.name, profilerOptions: plan.profilerOptions, warmupRuns: session.settings.warmupRuns ?? 0,
            timedRuns: session.settings.timedRuns ?? 0, batchSize: session.settings.batchSize ?? 1, threads: session.settings.threads ?? 1)

        // 1. The lookup table: one resolution from an empty store, then the rest.
        let tablePath = folder + "/lut.csv"
        log("real latency: lookup table for r=\(plan.singleResolution) on \(session.device.name)")
        let all = Stopwatch()
        let single = try LookupTableBuild(space: space, resolutions: [plan.singleResolution])
        try measureAll(single.distinctKeys, kind: .operator, session: session)
        let singleSeconds = all.seconds
        let resolutions = plan.resolutions ?? (space.facts["resolutions"] ?? "").split(separator: ",").compactMap { Int($0) }
        log("real latency: lookup table for \(resolutions.count) resolutions")
        let full = try LookupTableBuild(space: space, resolutions: resolutions)
        try measureAll(full.distinctKeys, kind: .operator, session: session)
        try full.tableText(store: session.store, series: session.series(.operator)).write(
            toFile: tablePath, atomically: true, encoding: .utf8)
        results.lookupTable = .init(
            singleResolution: plan.singleResolution, singleOperators: single.distinctKeys.count, singleSeconds: singleSeconds,
            resolutions: resolutions, entries: full.keysByResolution.reduce(0) { $0 + $1.keys.count },
            distinctOperators: full.distinctKeys.count, allSeconds: all.seconds, file: Self.folderName + "/lut.csv",
            load: .init(try session.store.measurements(in: session.series(.operator)).map(\.measurement.machineLoad)))
        log(
            String(
                format: "real latency: table of %d operators in %.1f s (r=%d alone: %.1f s)", full.distinctKeys.count, all.seconds,
                plan.singleResolution, singleSeconds))

        // 2. Whole subnets.
        let architectures = try space.distinctSample(count: plan.subnets, seed: plan.seed)
        log("real latency: \(architectures.count) subnets at batch 1")
        let subnetSeconds = try Stopwatch.time { try measureAll(architectures, kind: .network, session: session) }.seconds
        let networks = try session.store.measurements(in: session.series(.network))
        let series = session.series(.network)
        let table = try CSVTable(
            text: try store.longTableText(
                MeasurementFilter(
                    space: series.space, kind: .network, device: series.device, batchSize: series.batchSize, profiler: series.profiler)),
            source: folder + "/measurements.sqlite")
        let dataset = try LatencyDataset(table: table, space: space, options: .init(target: "latency_ms"))
        let rowOf = Dictionary(dataset.architectures.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try architectures.map { architecture -> Int in
            guard let row = rowOf[architecture] else { throw ProfilingError("subnet \(architecture) is missing from the store") }
            return row
        }
        let latencies = rows.map { dataset.targets[$0] }.sorted()
        let spreads = networks.map { 100 * $0.measurement.stdMs / $0.measurement.meanMs }.sorted()
        results.subnets = .init(
            count: architectures.count, seed: plan.seed, seconds: subnetSeconds, minMs: latencies.first!,
            medianMs: median(latencies), maxMs: latencies.last!, medianRunSpreadPct: median(spreads),
            load: .init(networks.map(\.measurement.machineLoad)))
        log(String(format: "real latency: subnets in %.1f s, median %.3f ms", subnetSeconds, median(latencies)))

        // 3. The noise floor: some subnets again, straight through the profiler.
        let step = max(architectures.count / max(plan.repeats, 1), 1)
        let again = Array(stride(from: 0, to: architectures.count, by: step).prefix(plan.repeats))
        log("real latency: \(again.count) subnets measured again")
        let (repeats, repeatSeconds) = try Stopwatch.time { try again.map { try session.measureOne(architectures[$0], kind: .network) } }
        let firsts = again.map { dataset.targets[rows[$0]] }
        let differences = zip(firsts, repeats).map { 100 * abs($1.meanMs - $0) / (($1.meanMs + $0) / 2) }.sorted()
        results.noise = .init(
            count: again.count, medianPct: median(differences), maxPct: differences.last ?? .nan,
            mapePct: try RegressionMetrics(predicted: repeats.map(\.meanMs), actual: firsts).mape, seconds: repeatSeconds,
            load: .init(repeats.map(\.machineLoad)))

        // 3b. The table's own error: a few of those subnets timed interleaved with their operators.
        let checked = again.prefix(plan.interleavedSubnets).map { architectures[$0] }
        if !checked.isEmpty {
            log("real latency: \(checked.count) subnets timed interleaved with their operators")
            let check = InterleavedTableCheck(rounds: plan.interleavedRounds)
            let (ratios, seconds) = try Stopwatch.time {
                try check.ratios(checked, space: space, profiler: profiler, settings: session.settings)
            }
            // The stored reading at the same statistic, each model's fastest run: the table's
            // operators, measured a minute before, over the subnet's stored fastest run.
            func fastest(_ kind: MeasurementSeries.Kind) throws -> [String: Double] {
                Dictionary(
                    try session.store.measurements(in: session.series(kind)).map { ($0.item, $0.measurement.minMs) },
                    uniquingKeysWith: { first, _ in first })
            }
            let operatorsFastest = try fastest(.operator)
            let subnetsFastest = try fastest(.network)
            let stored = try zip(checked, space.operators(checked)).map { architecture, operators -> Double in
                let sum = try operators.reduce(0.0) { total, op in
                    guard let fastest = operatorsFastest[op.key] else {
                        throw ProfilingError("operator \(op.key) is missing from the table")
                    }
                    return total + fastest * op.count
                }
                guard let subnet = subnetsFastest[architecture] else {
                    throw ProfilingError("subnet \(architecture) is missing from the store")
                }
                return sum / subnet
            }
            results.interleaved = .init(
                rounds: check.rounds, runsPerRound: check.runsPerRound, ratios: ratios, storedRatios: stored, seconds: seconds)
        }

        let measured = Measured(
            space: space, session: session, tablePath: tablePath, architectures: architectures, dataset: dataset, rows: rows)
        try compareEstimators(measured, into: &results)
        try search(measured, into: &results)
        results.machine = .init(
            device: session.device.name, description: Dictionary(session.device.description, uniquingKeysWith: { first, _ in first }),
            loadAverageBefore: loadBefore, loadAverageAfter: Self.loadAverage())
        return results
    }

    /// Measures `items`, failing on the first item that could not be measured.
    private func measureAll(_ items: [String], kind: MeasurementSeries.Kind, session: ProfilingSession) throws {
        let outcome = try session.measure(items, kind: kind)
        if let failure = outcome.failures.first {
            throw ProfilingError(
                "\(outcome.failures.count) of \(items.count) could not be measured; first: \(failure.item): \(failure.reason)")
        }
    }

    /// The 1-minute load average, from /proc/loadavg.
    static func loadAverage() -> Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
    }
}
