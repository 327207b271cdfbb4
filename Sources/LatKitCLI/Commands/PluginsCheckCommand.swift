import LatKit

/// `latkit plugins check PATH`: loads one library and runs each plugin through the conformance
/// suite of its kind.
enum PluginsCheckCommand: Command {
    static let spec = CommandSpec(
        path: ["plugins", "check"], summary: "Run a plugin library through the conformance suite of each plugin's kind",
        discussion: """
            Estimators: fit and predict on a synthetic set carrying every view, batch-versus-single consistency,
            determinism with a seed, save/load round trip, and error paths (unknown option, predict before fit,
            garbage state). Search spaces: facts, seeded sampling, canonical round trip, variation, encodings,
            operators and cost. Search strategies, on a synthetic problem: budget respected, same seed same result,
            canonical evaluated feasible results, a failed host call passed on, cancellation. Profilers: the device
            description, two small networks of --space measured with sane figures, an empty batch, a broken model
            failing its own row. The plugin under test runs in a child process, shipped or not (an estimator: each
            check in its own; --no-isolate runs it in-process), so a crash fails checks with one line instead of
            ending the run.
            Exit code 0 only if every check passes (a library holding no plugin of a kind this latkit knows fails).
            Warns when a plugin has the name of one already installed.
            """,
        options: [
            .value("set", "KEY=VALUE", "option passed to every plugin's create (repeatable)", repeatable: true),
            .value("space", "NAME", "profilers: the search space to draw networks from (default ofa-mbv3-w1.0 at resolution 128)"),
        ],
        positionals: [PositionalSpec("PATH", "the plugin library file (.so)")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let isolation = context.isolation.forCheckingPlugins
        try isolation.probeLoading(arguments.positionals[0])
        let library = try PluginLibrary.load(path: arguments.positionals[0])
        context.print("\(library.path): library '\(library.name)', \(library.plugins.count) plugin(s)")
        for warning in library.warnings { context.print("warning: \(warning)") }
        guard !library.plugins.isEmpty else {
            context.print("0 passed, 0 failed, 0 skipped: nothing this latkit knows how to check")
            return 1
        }
        // A name an installed plugin already has: whichever is found first wins at run time.
        let installed = (try? context.catalog().plugins) ?? []
        for plugin in library.plugins {
            for other in installed where other.name == plugin.name && other.file != library.path {
                context.print("warning: plugin '\(plugin.name)' has the name of the installed \(other.kind.label) in \(other.file)")
            }
        }
        let space: SearchSpace?
        if library.plugins.contains(where: { $0.kind == .profiler }) {
            let name = arguments.value("space") ?? "ofa-mbv3-w1.0"
            space = try context.catalog().searchSpace(name, options: arguments.value("space") == nil ? ["resolutions": "128"] : [:])
        } else {
            space = nil
        }
        let reports = PluginConformance.check(library, options: try arguments.keyValues(), space: space, isolation: isolation)
        for report in reports {
            context.print(report.lines.joined(separator: "\n"))
        }
        let failed = reports.filter { !$0.passed }
        let checks = reports.flatMap(\.checks)
        context.print(
            "\(checks.filter { $0.verdict == .pass }.count) passed, \(checks.filter { $0.verdict == .fail }.count) failed, \(checks.filter { $0.verdict == .skip }.count) skipped"
        )
        return failed.isEmpty ? 0 : 1
    }
}
