import Foundation
import LatKit

/// `latkit spaces`: the search spaces found, with their sizes and encodings.
enum SpacesCommand: Command {
    static let spec = CommandSpec(path: ["spaces"], summary: "List the search spaces with their sizes, encodings and CSV columns")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let plugins = try context.catalog().plugins(of: .searchSpace)
        if plugins.isEmpty {
            context.warn("latkit spaces: no search-space plugins found; see --plugin-path and LATKIT_PLUGIN_PATH")
            return 1
        }
        var rows: [[String]] = []
        for plugin in plugins {
            let space = try context.catalog().searchSpace(plugin.name)
            let size = space.sizeLog10.map { $0 < 7 ? String(Int(pow(10, $0).rounded())) : String(format: "10^%.1f", $0) } ?? "?"
            let encodings = space.encodings.map { "\($0)(\(space.facts["feature_count.\($0)"] ?? "?"))" }.joined(separator: ", ")
            rows.append([plugin.name, size, encodings, space.architectureColumns.joined(separator: ","), plugin.summary])
        }
        context.out(textTable(["NAME", "ARCHITECTURES", "ENCODINGS (features)", "CSV COLUMNS", "SUMMARY"], rows))
        return 0
    }
}

/// `latkit sample`: architectures drawn uniformly with a seed.
enum SampleCommand: Command {
    static let spec = CommandSpec(
        path: ["sample"], summary: "Sample architectures uniformly from a search space (one canonical form per line)",
        options: [
            SpaceOptions.space, SpaceOptions.spaceOption,
            .value("count", "N", "how many (default 10)", short: "n"),
            .value("seed", "K", "random seed (default 0); the same seed gives the same architectures everywhere"),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let count = try arguments.int("count", default: 10, in: CountLimits.architectures)
        let space = try SpaceOptions.searchSpace(arguments, context)
        for architecture in try space.sample(count: count, seed: try arguments.seed(default: 0)) {
            context.print(architecture)
        }
        return 0
    }
}

/// `latkit ops`: the operators of one architecture, as a lookup table prices them.
enum OpsCommand: Command {
    static let spec = CommandSpec(
        path: ["ops"], summary: "List an architecture's operators (lookup-table keys with shapes) and its MACs and parameters",
        options: [SpaceOptions.space, SpaceOptions.spaceOption, .value("arch", "ARCH", "the architecture (any form the space accepts)")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let space = try SpaceOptions.searchSpace(arguments, context)
        guard let given = arguments.value("arch") else { throw UsageError(message: "--arch is required") }
        let architecture = try space.canonicalize([given])[0]
        let operators = try space.operators([architecture])[0]
        let cost = try space.cost([architecture])[0]
        context.print("architecture: \(architecture)")
        context.out(textTable(["COUNT", "OPERATOR"], operators.map { [formatCount($0.count), $0.key] }))
        context.print(
            String(
                format: "MACs: %.1f M   parameters: %.3f M   operators: %d distinct, %@ in all",
                cost.macs / 1e6, cost.params / 1e6, operators.count, formatCount(operators.reduce(0) { $0 + $1.count })))
        return 0
    }

    private static func formatCount(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
