import Foundation
import LatKit

/// The options every command that works in a search space shares.
enum SpaceOptions {
    static let space = OptionSpec.value("space", "NAME", "search-space plugin (see 'latkit spaces')")
    static let spaceOption = OptionSpec.value(
        "space-option", "KEY=VALUE", "option for the search space, e.g. width=1.2 (repeatable)", repeatable: true)

    /// The search space named by --space, created with --space-option values.
    static func searchSpace(_ arguments: ParsedArguments, _ context: CommandContext) throws -> SearchSpace {
        guard let name = arguments.value("space") else { throw UsageError(message: "--space is required (see 'latkit spaces')") }
        return try context.catalog().searchSpace(name, options: try arguments.keyValues("space-option"))
    }
}

/// A failure of a command's work (exit code 1), printed as one line.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
