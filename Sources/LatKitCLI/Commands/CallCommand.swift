import LatKit

/// `latkit call PLUGIN FUNCTION ARGS...`: calls an extension function through libffi.
enum CallCommand: Command {
    static let spec = CommandSpec(
        path: ["call"], summary: "Call a plugin's extension function and print the result",
        discussion:
            "Arguments are converted according to the function's signature string (e.g. d(d,d)). Without FUNCTION, lists the plugin's functions.",
        positionals: [
            PositionalSpec("PLUGIN", "the plugin's name"),
            PositionalSpec("FUNCTION", "the function's name", optional: true),
            PositionalSpec("ARGS", "its arguments", optional: true, variadic: true),
        ])

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let plugin = try context.catalog().plugin(named: arguments.positionals[0])
        guard arguments.positionals.count > 1 else {
            if plugin.functions.isEmpty { context.print("\(plugin.name) has no extension functions") }
            for function in plugin.functions {
                context.print("\(function.name) \(function.signature)" + (function.summary.isEmpty ? "" : "  \(function.summary)"))
            }
            return 0
        }
        let name = arguments.positionals[1]
        guard let function = plugin.functions.first(where: { $0.name == name }) else {
            let known = plugin.functions.map(\.name).joined(separator: ", ")
            throw UsageError(message: "\(plugin.name) has no function '\(name)' (it has: \(known.isEmpty ? "none" : known))")
        }
        // A signature the plugin declared badly is the plugin's fault (exit 1); arguments that do
        // not fit a good signature are the caller's (exit 2).
        let signature: FunctionSignature
        do {
            signature = try FunctionSignature(parsing: function.signature)
        } catch let error as SignatureError {
            throw CommandError("\(plugin.name).\(name): \(error.message)")
        }
        do {
            context.print(try ExtensionCaller.call(function, signature: signature, arguments: Array(arguments.positionals.dropFirst(2))))
        } catch let error as SignatureError {
            throw UsageError(message: "\(plugin.name).\(name): \(error.message)")
        }
        return 0
    }
}
