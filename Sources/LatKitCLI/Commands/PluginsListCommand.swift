import Foundation
import LatKit

/// `latkit plugins list [--json]`: every plugin found, with kind, version, ABI and file.
enum PluginsListCommand: Command {
    static let spec = CommandSpec(
        path: ["plugins", "list"], summary: "List the plugins found on the plugin search path",
        discussion: "Libraries that fail to load are reported on stderr, one line each, and make the exit code 1.",
        options: [.flag("json", "print a JSON array instead of a table")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let catalog = try context.catalog()
        let plugins = catalog.plugins
        if arguments.flag("json") {
            let rows = plugins.map { plugin in
                PluginRow(
                    name: plugin.name, kind: plugin.kind.label, version: plugin.version, abi: "\(plugin.abiMajor).\(plugin.abiMinor)",
                    file: plugin.file, summary: plugin.summary, functions: plugin.functions.map { "\($0.name) \($0.signature)" })
            }
            try context.printJSON(rows)
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

    private struct PluginRow: Encodable {
        let name, kind, version, abi, file, summary: String
        let functions: [String]
    }
}

/// A plain-text table of text cells (header, rule, rows) for terminal output.
func textTable(_ headers: [String], _ rows: [[String]]) -> String {
    TextTable(headers: headers, rows: rows.map { $0.map(TableCell.text) }, alignments: headers.map { _ in .left }).render()
}
