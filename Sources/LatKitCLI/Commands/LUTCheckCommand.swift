import Foundation
import LatKit

/// `latkit lut check`: how far a lookup table of this device is from whole networks by itself,
/// apart from the machine's drift: sampled networks timed interleaved with their operators.
enum LUTCheckCommand: Command {
    static let spec = CommandSpec(
        path: ["lut", "check"], summary: "Time sampled networks interleaved with their operators: the lookup table's own error here",
        discussion: """
            A lookup table sums operators timed alone, and a network is not quite that sum: an operator timed run
            after run finds its weights and input in cache, where in a network the operators before it evicted them,
            and pays for its own call and layout reorders, which a network pays once. A table built minutes before
            the networks it is compared with also carries the machine's drift between the two (on a shared virtual
            machine, 10-30% in phases of seconds). This command separates the two: for each of N sampled networks it
            runs --rounds rounds, each timing the network and then each of its operators, every model --runs times
            back to back after one untimed run (its fastest run counts), and prints the median over the rounds of
            (operators' sum / network) at those fastest runs: 1 when a table reads that network exactly, above 1
            when it reads high. Nothing is stored; --profiler, --batch and --threads are those of
            'latkit lut build'. With onnxruntime-cpu, retries=0 unless given: a retry after waiting for a quiet
            window would time an operator seconds away from its network, which is what the rounds avoid.
            """,
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("count", "N", "networks to check (default 5)", short: "n"),
            .value("seed", "K", "sampling seed (default 0)"),
            .value("rounds", "R", "rounds per network (default 10)"),
            .value("runs", "N", "timed runs of each model per round; the fastest counts (default 3)"),
        ] + ProfilerOptions.choice + [
            ProfilerOptions.batch, ProfilerOptions.threads,
            .flag(
                "json",
                "print one JSON object (space, profiler, rounds, runs, each network's ratio, median, lowest, highest) instead of text"),
        ])

    /// What `--json` prints.
    struct Report: Codable {
        struct Network: Codable {
            var architecture: String
            var ratio: Double
        }
        var space: String
        var profiler: String
        var rounds: Int
        var runs: Int
        var networks: [Network]
        var median: Double
        var lowest: Double
        var highest: Double
    }

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        let count = try arguments.int("count", default: 5, in: CountLimits.checkedNetworks)
        let seed = try arguments.seed(default: 0)
        let check = InterleavedTableCheck(
            rounds: try arguments.int("rounds", default: 10, in: CountLimits.checkRepetitions),
            runsPerRound: try arguments.int("runs", default: 3, in: CountLimits.checkRepetitions))
        let settings = try ProfilerOptions.settings(arguments)
        let defaults = ProfilerOptions.profilerName(arguments) == "onnxruntime-cpu" ? ["retries": "0"] : [:]
        let profiler = try ProfilerOptions.profiler(arguments, context, defaults: defaults)
        let networks = try space.distinctSample(count: count, seed: seed)
        let label = "latkit lut check"
        if networks.count < count { context.warn("\(label): the space has only \(networks.count) distinct architectures") }
        context.warn(
            "\(label): \(networks.count) networks of \(space.name), \(check.rounds) rounds of \(check.runsPerRound) runs each, with \(profiler.name)"
        )
        let printer = ProgressPrinter(context, label: label)
        let ratios = try check.ratios(networks, space: space, profiler: profiler, settings: settings) { done in
            printer.report(Double(done) / Double(networks.count), "\(done)/\(networks.count)")
        }
        printer.finish()
        guard let lowest = ratios.min(), let highest = ratios.max() else { return 0 }
        let middle = median(ratios)
        if arguments.flag("json") {
            try context.printJSON(
                Report(
                    space: space.name, profiler: profiler.name, rounds: check.rounds, runs: check.runsPerRound,
                    networks: zip(networks, ratios).map { Report.Network(architecture: $0, ratio: $1) }, median: middle, lowest: lowest,
                    highest: highest))
            return 0
        }
        context.out(textTable(["SUM / NETWORK", "ARCHITECTURE"], zip(ratios, networks).map { [String(format: "%.3f", $0), $1] }))
        context.print(
            String(
                format:
                    "median %.3f (%.3f-%.3f): at their fastest runs, a lookup table of this device reads these networks %.1f%% %@ by itself",
                middle, lowest, highest, abs(middle - 1) * 100, middle >= 1 ? "high" : "low"))
        return 0
    }
}
