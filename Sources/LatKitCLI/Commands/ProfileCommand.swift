import LatKit

/// `latkit profile`: samples architectures and measures each on this machine (or through an
/// external profiler), storing every result as it arrives; re-running resumes.
enum ProfileCommand: Command {
    static let spec = CommandSpec(
        path: ["profile"], summary: "Measure the latency of sampled architectures and store each result (resumable)",
        discussion: """
            Samples N distinct architectures with the seed (the same list every time), exports each as a runnable
            model through the search space and times it with the profiler. Each result is committed to the store
            the moment it arrives; interrupted (Ctrl-C, kill -9) and run again, the command measures only what is
            missing. Read the results with 'latkit data export', or directly with --db in train, bench and search.

            With a postgres:// store the command measures nothing itself: it queues one job per architecture not yet
            measured or queued (the same request twice adds nothing) for the farm device --device NAME, and the
            'latkit worker' processes serving that device and profiler measure them.
            """,
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("count", "N", "architectures to measure", short: "n").required(),
            .value("seed", "K", "sampling seed (default 0)"),
        ] + ProfilerOptions.all)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        let count = try arguments.int("count", default: 0, in: 1...CountLimits.architectures.upperBound)
        let seed = try arguments.seed(default: 0)
        let architectures = try space.distinctSample(count: count, seed: seed)
        if architectures.count < count { context.warn("latkit profile: the space has only \(architectures.count) distinct architectures") }
        if PostgresURL.isPostgres(try ProfilerOptions.store(arguments)) {
            _ = try ProfilerOptions.enqueue(
                architectures, kind: .network, space: space, arguments: arguments, label: "latkit profile", context)
            return 0
        }
        let session = try ProfilerOptions.session(arguments, space: space, context)
        return try ProfilerOptions.measure(architectures, kind: .network, session: session, label: "latkit profile", context)
    }
}
