import Foundation
import LatKit

/// `latkit bench --suite standard|quick`: every given estimator and the built-in baselines on the
/// suite's fixed tasks, with bootstrap intervals, verdicts, ranks, speed and size; a leaderboard in
/// report.md, report.html and results.json. An estimator given by path runs in a child process,
/// so a crash costs its own row, not the run.
enum SuiteBench {
    static let options: [OptionSpec] = [
        .value("suite", "NAME", "run the benchmark suite: standard (every regime, 3 seeds) or quick (under a minute)").oneOf([
            "standard", "quick",
        ]),
        .value("out", "DIR", "with --suite: where the leaderboard goes (default out/suite)"),
        .value("data-folder", "DIR", "with --suite: the shipped data folder (default ./data)"),
        .flag("suite-worker", "internal: run the one --estimator over the suite and stream result frames on stdout"),
    ]

    static func requested(_ arguments: ParsedArguments) -> Bool { arguments.value("suite") != nil }

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let name = arguments.value("suite")!
        guard let suite = BenchmarkSuite.named(name) else {
            throw UsageError(message: "--suite: unknown suite '\(name)' (standard, quick)")
        }
        let data = try ReproduceCommand.dataFolder(arguments.value("data-folder"), option: "--data-folder")
        let options = try arguments.keyValues()
        let references = arguments.all("estimator")
        if arguments.flag("suite-worker") {
            // The worker is the isolation: its estimator runs in-process here.
            context.isolationMode = .never
        }
        let catalog = try context.catalog()
        let clock = Stopwatch()
        let runner = SuiteRunner(suite: suite, catalog: catalog, dataFolder: data) { line in
            context.warn(String(format: "[%5.0fs] ", clock.seconds) + line)
        }
        if arguments.flag("suite-worker") {
            guard references.count == 1 else { throw UsageError(message: "--suite-worker runs exactly one --estimator") }
            let estimator = SuiteEstimator(label: references[0], reference: references[0], options: options, builtIn: false)
            for task in suite.tasks {
                let frame = try SuiteFrame.encode(taskID: task.id, outcome: runner.run(estimator, on: task))
                FileHandle.standardOutput.write(Data(frame))
            }
            return 0
        }

        let users = references.map { reference in
            SuiteEstimator(label: label(for: reference), reference: reference, options: options, builtIn: false)
        }
        let estimators = suite.builtIns + users
        let started = ISO8601DateFormatter().string(from: Date())
        context.warn("latkit bench: suite \(suite.name) v\(suite.version): \(suite.tasks.count) tasks, \(estimators.count) estimators")
        var isolated: [String: [String: SuiteOutcome]] = [:]
        for estimator in users where isIsolated(estimator.reference) {
            context.warn("latkit bench: \(estimator.label) runs isolated in a child process")
            isolated[estimator.label] = try runIsolated(estimator, suite: suite, data: data, context)
        }
        var scores: [TaskScores] = []
        for (index, task) in suite.tasks.enumerated() {
            context.warn(String(format: "[%5.0fs] ", clock.seconds) + "task \(index + 1)/\(suite.tasks.count): \(task.id)")
            let outcomes = estimators.map { estimator -> (label: String, builtIn: Bool, outcome: SuiteOutcome) in
                let outcome = isolated[estimator.label].map { $0[task.id] ?? .failed("no result") } ?? runner.run(estimator, on: task)
                return (estimator.label, estimator.builtIn, outcome)
            }
            scores.append(TaskScores(task: task, outcomes: outcomes, bootstrap: Bootstrap(resamples: suite.bootstrapResamples)))
        }
        let results = SuiteResults(
            suite: suite, machine: Reproduction.machineDescription(), startedAt: started, totalSeconds: clock.seconds,
            estimators: estimators, tasks: scores)
        let out = arguments.value("out") ?? "out/suite"
        let files = try results.write(to: out)
        if arguments.flag("json") {
            try context.printJSON(results)
        } else {
            context.print("suite \(suite.name) v\(suite.version), \(String(format: "%.0f", results.totalSeconds)) s; aggregate rank:")
            for rank in results.aggregateRanks {
                context.print(String(format: "  %-24@ %.2f over %d tasks", rank.estimator as NSString, rank.meanRank, rank.tasksRanked))
            }
            context.print("wrote " + files.filter { !$0.hasSuffix(".svg") }.joined(separator: ", "))
        }
        return 0
    }

    /// A plugin library given by path runs in a child process.
    static func isIsolated(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".so") || reference.hasSuffix(".dylib")
    }

    private static func label(for reference: String) -> String {
        guard isIsolated(reference) else { return reference + " (given)" }
        return URL(fileURLWithPath: reference).lastPathComponent
    }

    /// Runs the suite for one estimator in a child `latkit` process and reads its result frames;
    /// the tasks after a crash are recorded as failed, naming the task it crashed in and the signal.
    private static func runIsolated(_ estimator: SuiteEstimator, suite: BenchmarkSuite, data: String, _ context: CommandContext) throws
        -> [String: SuiteOutcome]
    {
        guard let executable = context.environment["LATKIT_EXECUTABLE"] ?? PluginDiscovery.runningExecutable() else {
            throw CommandError("cannot find the latkit executable to run '\(estimator.reference)' isolated")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            context.pluginPaths.flatMap { ["--plugin-path", $0] }
            + ["bench", "--suite", suite.name, "--suite-worker", "--data-folder", data, "--estimator", estimator.reference]
            + estimator.options.keys.sorted().flatMap { ["--set", "\($0)=\(estimator.options[$0]!)"] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        var outcomes: [String: SuiteOutcome] = [:]
        for (task, outcome) in try SuiteFrame.decode(bytes) { outcomes[task] = outcome }
        let ended: String? =
            process.terminationReason == .uncaughtSignal
            ? "crashed (\(signalName(process.terminationStatus)))"
            : process.terminationStatus != 0 ? "exited with status \(process.terminationStatus)" : nil
        if let ended {
            let missing = suite.tasks.filter { outcomes[$0.id] == nil }
            context.warn("latkit bench: \(estimator.label) \(ended) in task \(missing.first?.id ?? "after the last task")")
            for (index, task) in missing.enumerated() {
                outcomes[task.id] = .failed(index == 0 ? "\(ended) in this task" : "not run: the plugin \(ended) in \(missing[0].id)")
            }
        }
        return outcomes
    }
}
