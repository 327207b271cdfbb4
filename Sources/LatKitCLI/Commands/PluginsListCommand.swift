import Foundation
import LatKit

/// `latkit plugins list [--json]`: every plugin found, with kind, version, ABI and file.
enum PluginsListCommand: Command {
    static let spec = CommandSpec(
        path: ["plugins", "list"], summary: "List the plugins found on the plugin search path",
        discussion: """
            Libraries that fail to load are reported on stderr, one line each, and make the exit code 1. The JSON form
            also gives each plugin's views, capabilities and options; 'latkit plugins info NAME' shows them as text.
            """,
        options: [.flag("json", "print a JSON array instead of a table")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let catalog = try context.catalog()
        let plugins = catalog.plugins
        if arguments.flag("json") {
            try context.printJSON(plugins.map(PluginDescription.init))
        } else if plugins.isEmpty {
            context.print(
                "No plugins found. Searched: "
                    + PluginDiscovery(explicit: context.pluginPaths, environment: context.environment).folders.joined(
                        separator: ", "))
        } else {
            let rows = plugins.map { [$0.name, $0.kind.label, $0.version, "\($0.abiMajor).\($0.abiMinor)", $0.file] }
            context.out(textTable(["NAME", "KIND", "VERSION", "ABI", "FILE"], rows))
        }
        return catalog.problems.isEmpty ? 0 : 1
    }
}

/// A plain-text table of text cells (header, rule, rows) for terminal output.
func textTable(_ headers: [String], _ rows: [[String]]) -> String {
    TextTable(headers: headers, rows: rows.map { $0.map(TableCell.text) }, alignments: headers.map { _ in .left }).render()
}
