import Foundation
import LatKit

/// `latkit lut build`: a latency lookup table for this machine, in the CSV form `lut` reads.
enum LUTBuildCommand: Command {
    static let spec = CommandSpec(
        path: ["lut", "build"], summary: "Measure every operator of a space and write a lookup table (resumable)",
        discussion: """
            Lists every operator (block) the search space can produce at the resolutions, measures each one alone
            with the profiler (keys shared by several resolutions once), stores each result as it arrives, and
            writes the table as CSV (resolution,key,count,mean_ms,std_ms,min_ms,median_ms), which the 'lut'
            estimator reads with --set table=FILE. Interrupted and run again, it measures only what is missing.

            With a postgres:// store it queues the operators not yet measured for the farm device --device NAME and
            writes the table once the workers have measured them all (run it again to check).
            """,
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("resolutions", "LIST", "comma-separated input resolutions, e.g. 224 or 160,192,224 (default: all of the space's)"),
            .value("out", "TABLE", "where to write the table (CSV)").required(),
        ] + ProfilerOptions.all)

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        let out = try arguments.required("out")
        let all = (space.facts["resolutions"] ?? "").split(separator: ",").compactMap { Int($0) }
        let resolutions =
            try arguments.value("resolutions").map { text in
                try text.split(separator: ",").map { part -> Int in
                    guard let value = Int(part.trimmingCharacters(in: .whitespaces)) else {
                        throw UsageError(message: "--resolutions: '\(part)' is not a whole number")
                    }
                    return value
                }
            } ?? all
        let build = try LookupTableBuild(space: space, resolutions: resolutions)
        let label = "latkit lut build"
        let (store, series): (MeasurementStore, MeasurementSeries)
        if PostgresURL.isPostgres(try ProfilerOptions.store(arguments)) {
            let (outcome, request) = try ProfilerOptions.enqueue(
                build.distinctKeys, kind: .operator, space: space, arguments: arguments, label: label, context)
            guard outcome.added + outcome.alreadyQueued == 0 else {
                context.warn("\(label): run the command again once the farm has measured them to write the table")
                return 0
            }
            (store, series) = (try MeasurementStores.open(try ProfilerOptions.store(arguments)), request.series)
        } else {
            let session = try ProfilerOptions.session(arguments, space: space, context)
            let status = try ProfilerOptions.measure(build.distinctKeys, kind: .operator, session: session, label: label, context)
            guard status == 0 else {
                context.warn("\(label): some operators failed; run the command again to retry them (no table written)")
                return status
            }
            (store, series) = (session.store, session.series(.operator))
        }
        try writeOutput(try build.tableText(store: store, series: series), to: out, context)
        context.warn("\(label): wrote \(build.keysByResolution.reduce(0) { $0 + $1.keys.count }) entries to \(out)")
        return 0
    }
}
