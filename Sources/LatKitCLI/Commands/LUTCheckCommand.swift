import Foundation
import LatKit

/// `latkit lut check`: how far a lookup table of this device is from whole networks by itself,
/// apart from the machine's drift: sampled networks timed interleaved with their operators.
enum LUTCheckCommand: Command {
    static let spec = CommandSpec(
        path: ["lut", "check"], summary: "Time sampled networks interleaved with their operators: the lookup table's own error here",
        discussion: """
            A lookup table sums operators timed alone, and a network is not quite that sum: each operator alone pays
            for its own call and layout reorders, and misses what it shares with its neighbours. A table built
            minutes before the networks it is compared with also carries the machine's drift between the two (on a
            shared virtual machine, 10-30% in phases of seconds). This command separates the two: for each of N
            sampled networks it runs --rounds rounds, each timing the network and then each of its operators, every
            model --runs times back to back after one untimed run (its fastest run counts), and prints the median
            over the rounds of (operators' sum / network): 1 when a table reads that network exactly, above 1 when
            it reads high. Nothing is stored; --profiler, --batch and --threads are those of 'latkit lut build'.
            """,
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("count", "N", "networks to check (default 5)", short: "n"),
            .value("seed", "K", "sampling seed (default 0)"),
            .value("rounds", "R", "rounds per network (default 10)"),
            .value("runs", "N", "timed runs of each model per round; the fastest counts (default 3)"),
            .value("profiler", "NAME", "profiler plugin (default onnxruntime-cpu)"),
            .value("profiler-option", "KEY=VALUE", "option for the profiler (repeatable); see 'latkit plugins list'", repeatable: true),
            .value("ort-lib", "PATH", "ONNX Runtime library for onnxruntime-cpu (default: $LATKIT_ORT_LIB, then .deps/onnxruntime)"),
            .value("batch", "B", "images per inference (default 1)"),
            .value("threads", "N", "threads the engine may use (default 1)"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        let count = try arguments.int("count", default: 5, in: 1...1_000)
        let seed = UInt64(try arguments.int("seed", default: 0))
        let check = InterleavedTableCheck(
            rounds: try arguments.int("rounds", default: 10, in: 1...1_000),
            runsPerRound: try arguments.int("runs", default: 3, in: 1...1_000))
        let settings = try ProfilerOptions.settings(arguments)
        let profiler = try ProfilerOptions.profiler(arguments, context)
        let networks = try space.distinctSample(count: count, seed: seed)
        let label = "latkit lut check"
        context.warn(
            "\(label): \(networks.count) networks of \(space.name), \(check.rounds) rounds of \(check.runsPerRound) runs each, with \(profiler.name)"
        )
        let printer = ProgressPrinter(context, label: label)
        let ratios = try check.ratios(networks, space: space, profiler: profiler, settings: settings) { done in
            printer.report(Double(done) / Double(networks.count), "\(done)/\(networks.count)")
        }
        printer.finish()
        context.out(textTable(["SUM / NETWORK", "ARCHITECTURE"], zip(ratios, networks).map { [String(format: "%.3f", $0), $1] }))
        let sorted = ratios.sorted()
        let middle = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        context.print(
            String(
                format: "median %.3f (%.3f-%.3f): a lookup table of this device reads these networks %.1f%% %@ by itself", middle,
                sorted.first!, sorted.last!, abs(middle - 1) * 100, middle >= 1 ? "high" : "low"))
        return 0
    }
}
