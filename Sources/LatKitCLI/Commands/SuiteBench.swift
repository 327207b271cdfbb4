import Foundation
import LatKit

/// `latkit bench --suite standard|quick`: every given estimator and the built-in baselines on the
/// suite's fixed tasks, with bootstrap intervals, verdicts, ranks, speed and size; a leaderboard in
/// report.md, report.html and results.json. An estimator given by path runs isolated, as
/// everywhere (`IsolationPolicy`): a crash or a call past `--timeout` costs that estimator the
/// task it happened in, not the run.
enum SuiteBench {
    static let options: [OptionSpec] = [
        .value("suite", "NAME", "run the benchmark suite: standard (every regime, 3 seeds) or quick (under a minute)").oneOf([
            "standard", "quick",
        ]),
        .value("out", "DIR", "with --suite: where the leaderboard goes (default out/suite)"),
        .value("data-folder", "DIR", "with --suite: the shipped data folder (default ./data)"),
    ]

    static func requested(_ arguments: ParsedArguments) -> Bool { arguments.value("suite") != nil }

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let name = arguments.value("suite")!
        for option in ["split", "train-rows", "validation-rows", "test-rows", "train-size", "folds"] where arguments.value(option) != nil {
            throw UsageError(message: "--\(option) does not apply to --suite: its tasks fix their own splits")
        }
        guard let suite = BenchmarkSuite.named(name) else {
            throw UsageError(message: "--suite: unknown suite '\(name)' (standard, quick)")
        }
        let data = try ReproduceCommand.dataFolder(arguments.value("data-folder"), option: "--data-folder")
        let options = try arguments.keyValues()
        let references = arguments.all("estimator")
        let catalog = try context.catalog()
        let clock = Stopwatch()
        let runner = SuiteRunner(suite: suite, catalog: catalog, dataFolder: data) { line in
            context.warn(String(format: "[%5.0fs] ", clock.seconds) + line)
        }
        let users = references.map { reference in
            SuiteEstimator(label: label(for: reference), reference: reference, options: options, builtIn: false)
        }
        let estimators = suite.builtIns + users
        let started = ISO8601DateFormatter().string(from: Date())
        context.warn("latkit bench: suite \(suite.name) v\(suite.version): \(suite.tasks.count) tasks, \(estimators.count) estimators")
        // A reference that does not load is not fatal here: the runner records it as failed in
        // every task, so it costs its own rows, not the run.
        for estimator in users {
            guard let name = try? EstimatorReference.resolve(estimator.reference, catalog: catalog),
                let plugin = try? catalog.plugin(named: name), catalog.isolation.isolates(plugin)
            else { continue }
            context.warn("latkit bench: \(estimator.label) runs isolated, in a child process per fitted model")
        }
        var scores: [TaskScores] = []
        for (index, task) in suite.tasks.enumerated() {
            context.warn(String(format: "[%5.0fs] ", clock.seconds) + "task \(index + 1)/\(suite.tasks.count): \(task.id)")
            let outcomes = estimators.map { estimator -> (label: String, builtIn: Bool, outcome: SuiteOutcome) in
                (estimator.label, estimator.builtIn, runner.run(estimator, on: task))
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

    /// A plugin given by path is labelled by its file name, one by name as "NAME (given)".
    private static func label(for reference: String) -> String {
        guard EstimatorReference.isPath(reference) else { return reference + " (given)" }
        return URL(fileURLWithPath: reference).lastPathComponent
    }
}
