import Foundation
import LatKit

/// `latkit search --config FILE`: runs a NAS pipeline file and reports what it found.
enum SearchCommand: Command {
    static let spec = CommandSpec(
        path: ["search"], summary: "Run a NAS pipeline file: search space, evaluators, objectives, constraints, strategy",
        discussion: """
            The pipeline file is JSON (format version 1; see README.md, "Compose your own pipeline"). Keys: version, space
            {name, options}, evaluators {NAME: {type: latency|accuracy|macs|params|function, ...}}, objectives [{evaluator,
            goal}], constraints [{evaluator, max|min, margin: number|"auto", confidence}], strategy {name, options}, budget,
            seed, outputs {top, dir}. Relative paths are resolved against the file's folder. Progress, one line per
            generation, goes to standard error. --out DIR writes results.csv (the final population or Pareto front) and
            results.svg (the first maximized objective against the first minimized or constrained one).
            """,
        options: [
            .value("config", "FILE", "the pipeline file").required(),
            .flag("json", "print the outcome as JSON instead of text"),
            .value("out", "DIR", "write results.csv and results.svg into DIR (default: the file's outputs.dir, if any)"),
            .value("budget", "N", "override the file's budget (most architectures evaluated)"),
            .value("seed", "K", "override the file's seed"),
            .value("set", "KEY=VALUE", "override a strategy option, e.g. generations=5 (repeatable)", repeatable: true),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let path = try arguments.required("config")
        var pipeline = try PipelineFile.read(path: path)
        if arguments.value("budget") != nil {
            pipeline.budget = try arguments.int("budget", default: pipeline.budget, in: CountLimits.budget)
            guard pipeline.budget > 0 else { throw UsageError(message: "--budget must be positive") }
        }
        if arguments.value("seed") != nil { pipeline.seed = try arguments.seed(default: pipeline.seed) }
        pipeline.strategyOptions.merge(try arguments.keyValues()) { $1 }
        let ready = try SearchPipeline(pipeline, catalog: try context.catalog())
        let outcome = try ready.run(progress: { _, message in
            if let message { context.warn("\(ready.strategy.name): \(message)") }
            return true
        })
        if let folder = arguments.value("out") ?? pipeline.outputDirectory { try write(outcome, to: folder, context) }
        if arguments.flag("json") {
            try context.printJSON(outcome.summary)
        } else {
            for line in report(outcome, top: pipeline.top) { context.print(line) }
        }
        return 0
    }

    /// The text report: the best architecture with every evaluator's value, then the costs.
    static func report(_ outcome: SearchOutcome, top: Int) -> [String] {
        guard let best = outcome.results.first else { return ["no result"] }
        var lines = ["best: \(best.architecture)"]
        lines.append("  " + describe(best, outcome))
        lines.append(
            "  \(outcome.strategy) \(outcome.strategyVersion), seed \(outcome.seed): \(outcome.evaluations) evaluations in "
                + "\(outcome.evaluateCalls) batched calls, \(String(format: "%.2f", outcome.seconds)) s")
        if !outcome.constraints.isEmpty { lines.append("  constraints: " + outcome.constraints.map(\.text).joined(separator: "; ")) }
        if outcome.results.count > 1 {
            lines.append("results (\(min(top, outcome.results.count)) of \(outcome.results.count)):")
            for (rank, record) in outcome.results.prefix(top).enumerated() {
                lines.append("  \(rank + 1). " + describe(record, outcome) + "  \(record.architecture)")
            }
        }
        return lines
    }

    /// `accuracy 0.7912, note10 24.31 (std 0.21), macs 4.123e+08` (a standard deviation of 0, as a
    /// single pretrained network reports, is left out).
    private static func describe(_ record: ArchitectureRecord, _ outcome: SearchOutcome) -> String {
        let names =
            outcome.objectives.map(\.name) + record.values.keys.filter { name in !outcome.objectives.contains { $0.name == name } }.sorted()
        return names.map { name in
            let value = record.values[name]!
            var text = "\(name) \(String(format: "%.4g", value))"
            if let std = record.deviations[name], std != 0 { text += " (std \(String(format: "%.3g", std)))" }
            return text
        }.joined(separator: ", ")
    }

    private static func write(_ outcome: SearchOutcome, to folder: String, _ context: CommandContext) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try outcome.csv().write(toFile: folder + "/results.csv", atomically: true, encoding: .utf8)
            if let chart = outcome.chart() {
                try chart.render().render().write(toFile: folder + "/results.svg", atomically: true, encoding: .utf8)
            }
        } catch {
            throw CommandError("\(folder): cannot be written (\(error.localizedDescription))")
        }
        context.warn("wrote \(folder)/results.csv" + (outcome.chart() == nil ? "" : " and results.svg"))
    }
}
