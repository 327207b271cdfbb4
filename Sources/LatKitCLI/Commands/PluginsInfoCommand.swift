import Foundation
import LatKit

/// `latkit plugins info NAME|PATH`: everything a user needs to call one plugin.
enum PluginsInfoCommand: Command {
    static let spec = CommandSpec(
        path: ["plugins", "info"], summary: "Show a plugin's kind, version, views, capabilities and options with their defaults",
        discussion: """
            NAME is a plugin found on the plugin search path; PATH is a library file (every plugin in it is shown).
            Options are what the plugin's create accepts (pass them with --set KEY=VALUE, or --profiler-option for
            profilers); views are the parts of a batch it reads; functions are callable with 'latkit call'.
            """,
        options: [.flag("json", "print a JSON array, one object per plugin")],
        positionals: [PositionalSpec("NAME|PATH", "a plugin name, or a plugin library file")])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let target = arguments.positionals[0]
        let plugins: [PluginInfo]
        if EstimatorReference.isPath(target) {
            try context.isolation.probeLoading(target)
            plugins = try PluginLibrary.load(path: target).plugins
            guard !plugins.isEmpty else { throw CommandError("\(target): holds no plugin of a kind this latkit knows") }
        } else {
            plugins = [try context.catalog().plugin(named: target)]
        }
        if arguments.flag("json") {
            try context.printJSON(plugins.map(PluginDescription.init))
            return 0
        }
        for (index, plugin) in plugins.enumerated() {
            if index > 0 { context.print() }
            context.print(text(plugin))
        }
        return 0
    }

    static func text(_ plugin: PluginInfo) -> String {
        var lines = [
            "\(plugin.name) (\(plugin.kind.label)) \(plugin.version), plugin ABI \(plugin.abiMajor).\(plugin.abiMinor)",
            "  \(plugin.summary)",
            "  file: \(plugin.file)",
        ]
        if let views = plugin.views { lines.append("  views: \(views.names.isEmpty ? "none" : views.names.joined(separator: ", "))") }
        if let capabilities = plugin.capabilities {
            lines.append("  capabilities: predict\(capabilities.names.map { ", " + $0 }.joined())")
        }
        let options = plugin.options
        if options.isEmpty {
            lines.append("  options: none")
        } else {
            lines.append("  options (KEY=DEFAULT  meaning):")
            let width = options.map { $0.name.count + $0.defaultValue.count + 1 }.max() ?? 0
            for option in options {
                let head = "\(option.name)=\(option.defaultValue)"
                lines.append("    " + head.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + option.meaning)
            }
        }
        if !plugin.functions.isEmpty {
            lines.append("  functions ('latkit call \(plugin.name) NAME ARGS'):")
            for function in plugin.functions { lines.append("    \(function.name) \(function.signature)  \(function.summary)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// A plugin as `plugins info --json` and `plugins list --json` describe it.
struct PluginDescription: Encodable {
    let name, kind, version, abi, file, summary: String
    let views: [String]?
    let capabilities: [String]?
    let options: [PluginOptionHelp]
    let functions: [String]

    init(_ plugin: PluginInfo) {
        name = plugin.name
        kind = plugin.kind.label
        version = plugin.version
        abi = "\(plugin.abiMajor).\(plugin.abiMinor)"
        file = plugin.file
        summary = plugin.summary
        views = plugin.views?.names
        capabilities = plugin.capabilities.map { ["predict"] + $0.names }
        options = plugin.options
        functions = plugin.functions.map { "\($0.name) \($0.signature)" }
    }
}
