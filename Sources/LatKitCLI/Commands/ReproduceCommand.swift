import Foundation
import LatKit

/// `latkit reproduce`: the README's main job.
enum ReproduceCommand: Command {
    static let spec = CommandSpec(
        path: ["reproduce"], summary: "Reproduce the paper's comparison on the shipped data; write report.md, report.html and results.json",
        discussion: """
            Compares the OFA lookup table (where one exists), a fitted lookup table, a FLOPs fit, the paper's MLP recipe, the
            default MLP and the paper's own checkpoint on the paper's four data sets, on the paper's split and a seeded random
            split, with sample-efficiency curves and speed figures. A NAS section searches Note10 under 15-35 ms with the
            lookup table, with mlp models trained on 7,000 and 100 Note10 rows (with and without margin auto) and with
            random search, and grows an NSGA-II front. A real-latency section measures this machine with ONNX Runtime
            (a lookup table, 100 OFA w1.0 subnets, estimators against them, a search under its latency budget; its
            store, table, model and pipeline in DIR/measurement); without ONNX Runtime ('make ort') it is reported as
            skipped. Progress goes to stderr.
            """,
        options: [
            .value("out", "DIR", "output folder (default: out)"),
            .value("data", "DIR", "the shipped data folder (default: data next to the current directory, or the installed copy)"),
            .flag("quick", "fewer sample-efficiency points and one repeat (for a fast look)"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let out = arguments.value("out") ?? "out"
        let data = try dataFolder(arguments.value("data"))
        let plan = ReproductionPlan.standard(dataFolder: data, quick: arguments.flag("quick"), outputFolder: out)
        let clock = Stopwatch()
        let reproduction = Reproduction(catalog: try context.catalog(), plan: plan) { line in
            context.warn(String(format: "[%5.0fs] ", clock.seconds) + line)
        }
        let results = try reproduction.run()
        let files = try ReproductionReport.write(results, evaluations: reproduction.evaluations, to: out)
        let met = results.targets.filter(\.met).count
        context.print("targets met: \(met) of \(results.targets.count)")
        for check in results.targets where !check.met {
            context.print("  not met: \(check.target): \(check.measured) (goal \(check.goal))")
        }
        context.print("wrote " + files.filter { !$0.hasSuffix(".svg") }.joined(separator: ", "))
        return 0
    }

    /// The data folder: as given, else ./data, else <prefix>/share/latkit/data next to the executable.
    static func dataFolder(_ given: String?, option: String = "--data") throws -> String {
        if let given { return given }
        let candidates =
            ["data"]
            + (PluginDiscovery.runningExecutable().map { executable in
                let bin = URL(fileURLWithPath: executable).deletingLastPathComponent()
                return [bin.deletingLastPathComponent().appendingPathComponent("share/latkit/data").path]
            } ?? [])
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/ofanas_paper/ofa_paper_latency.csv") {
            return candidate
        }
        throw CommandError("cannot find the shipped data folder (looked in \(candidates.joined(separator: ", "))); pass \(option) DIR")
    }
}
