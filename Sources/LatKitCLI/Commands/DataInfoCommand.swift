import Foundation
import LatKit

/// `latkit data info FILE`: what a latency data file holds and which known problems it has.
enum DataInfoCommand: Command {
    static let spec = CommandSpec(
        path: ["data", "info"], summary: "Describe a latency CSV file: rows, architectures, device series, ranges, duplicates, problems",
        discussion: "With --space, architectures are parsed and counted by the search space (and malformed ones reported).",
        options: [SpaceOptions.space, SpaceOptions.spaceOption, .flag("json", "print JSON instead of text")],
        positionals: [PositionalSpec("FILE", "a CSV file in the wide, long or paper layout")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = arguments.value("space") == nil ? nil : try SpaceOptions.searchSpace(arguments, context)
        let info = try DataInfo.analyze(path: arguments.positionals[0], space: space)
        if arguments.flag("json") {
            try context.printJSON(info)
        } else {
            context.out(info.render())
        }
        return 0
    }
}

/// `latkit encode`: the feature matrix of architectures, as CSV.
enum EncodeCommand: Command {
    static let spec = CommandSpec(
        path: ["encode"], summary: "Encode architectures as features (CSV: architecture, then one column per feature)",
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("archs", "FILE", "architectures: one per line, or a CSV with the space's architecture columns ('-' = stdin)").required(),
            .value("encoding", "NAME", "encoding (default: the space's first; see 'latkit spaces')"),
            .value("out", "FILE", "write here instead of standard output"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        let path = try arguments.required("archs")
        let architectures = try ArchitectureFile.read(path: path, space: space)
        let matrix = try space.encode(architectures, encoding: arguments.value("encoding"))
        var text = "architecture," + (0..<matrix.columns).map { "f\($0)" }.joined(separator: ",") + "\n"
        for (row, architecture) in architectures.enumerated() {
            text += quotedCSV(architecture) + "," + matrix.row(row).map { formatFeature($0) }.joined(separator: ",") + "\n"
        }
        try writeOutput(text, to: arguments.value("out"), context)
        return 0
    }

    private static func formatFeature(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
    }
}
