import Foundation
import LatKit

/// One `latkit` command (a type with no state: its metatype is shared freely).
protocol Command: Sendable {
    static var spec: CommandSpec { get }
    /// Runs the command; returns the exit code (0 success, 1 failure).
    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32
}

/// Every command, in the order `latkit --help` lists them.
let allCommands: [Command.Type] = [
    ReproduceCommand.self,
    PluginsListCommand.self,
    PluginsInfoCommand.self,
    PluginsCheckCommand.self,
    CallCommand.self,
    SpacesCommand.self,
    SampleCommand.self,
    OpsCommand.self,
    EncodeCommand.self,
    DataInfoCommand.self,
    DataExportCommand.self,
    TrainCommand.self,
    PredictCommand.self,
    BenchCommand.self,
    SearchCommand.self,
    ProfileCommand.self,
    LUTBuildCommand.self,
    LUTCheckCommand.self,
    WorkerCommand.self,
    FarmStatusCommand.self,
    FarmRetryCommand.self,
    FarmBenchCommand.self,
]

/// The version line printed by `latkit --version`.
let hostVersionText = "\(LatKitVersion.host) (plugin ABI \(LatKitVersion.abiMajor).\(LatKitVersion.abiMinor))"

/// Where a command writes, and what it knows of its environment.
public final class CommandContext {
    /// Writes to standard output.
    public let out: (String) -> Void
    /// Writes to standard error.
    public let err: (String) -> Void
    /// Environment variables, e.g. `LATKIT_PLUGIN_PATH` for plugin discovery.
    public let environment: [String: String]
    /// Folders given with --plugin-path.
    var pluginPaths: [String] = []
    /// --isolate (always), --no-isolate (never), or automatic.
    var isolationMode: IsolationPolicy.Mode = .automatic
    /// --timeout: seconds an isolated plugin's call may take.
    var pluginTimeout: Double?

    /// Which plugins run in a child process, from --isolate, --no-isolate and --timeout.
    var isolation: IsolationPolicy {
        var policy = IsolationPolicy.automatic(environment: environment, timeout: pluginTimeout)
        policy.mode = isolationMode
        return policy
    }
    private var loadedCatalog: PluginCatalog?

    /// Creates a context writing through `out` and `err`, with `environment` as the process environment.
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, environment: [String: String]) {
        self.out = out
        self.err = err
        self.environment = environment
    }

    /// Prints a line to standard output.
    func print(_ line: String = "") { out(line + "\n") }
    /// Prints a line to standard error.
    func warn(_ line: String) { err(line + "\n") }

    /// Prints `value` as pretty, key-sorted JSON on standard output.
    func printJSON<Value: Encodable>(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The plugins found on the search path (loaded once); load problems are printed as warnings.
    func catalog() throws -> PluginCatalog {
        if let loadedCatalog { return loadedCatalog }
        let catalog = try PluginCatalog(discovery: PluginDiscovery(explicit: pluginPaths, environment: environment), isolation: isolation)
        for problem in catalog.problems { warn("warning: \(problem)") }
        for skipped in catalog.warnings { warn("warning: \(skipped)") }
        loadedCatalog = catalog
        return catalog
    }
}

/// Runs `latkit` with `arguments` (without the program name); returns the exit code.
///
/// Exit codes: 0 success, 1 a failure of the work itself (bad data, plugin errors), 2 a usage
/// mistake (unknown command or option, missing argument).
public func runLatKit(_ arguments: [String], context: CommandContext) -> Int32 {
    let specs = allCommands.map { $0.spec }
    // Global options may also come before the command: `latkit --plugin-path DIR call ...`.
    var arguments = arguments
    var leadingPluginPaths: [String] = []
    var leadingIsolation: [String] = []
    while let first = arguments.first,
        first.hasPrefix("--plugin-path") || ["--isolate", "--no-isolate"].contains(first)
            || first.hasPrefix("--timeout")
    {
        if first == "--isolate" || first == "--no-isolate" {
            leadingIsolation.append(first)
            arguments.removeFirst()
        } else if first.hasPrefix("--timeout") {
            let value = first.hasPrefix("--timeout=") ? String(first.dropFirst("--timeout=".count)) : arguments.dropFirst().first
            guard let value, !value.isEmpty else {
                context.warn("latkit: --timeout needs a number of seconds")
                return 2
            }
            leadingIsolation += ["--timeout", value]
            arguments.removeFirst(first.hasPrefix("--timeout=") ? 1 : 2)
        } else if first.hasPrefix("--plugin-path="), first.count > "--plugin-path=".count {
            leadingPluginPaths.append(String(first.dropFirst("--plugin-path=".count)))
            arguments.removeFirst()
        } else if first == "--plugin-path", arguments.count >= 2 {
            leadingPluginPaths.append(arguments[1])
            arguments.removeFirst(2)
        } else {
            context.warn("latkit: --plugin-path needs a folder")
            return 2
        }
    }
    if arguments.first == "plugin-worker" {
        return PluginWorkerCommand.run(Array(arguments.dropFirst()), context)
    }
    if arguments.isEmpty {
        context.err(overviewText(commands: specs))
        return 2
    }
    if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
        context.out(overviewText(commands: specs))
        return 0
    }
    if arguments == ["--version"] {
        context.print("latkit \(hostVersionText)")
        return 0
    }
    // The longest command path that prefixes the arguments.
    let match = allCommands.filter { Array(arguments.prefix($0.spec.path.count)) == $0.spec.path }
        .max { $0.spec.path.count < $1.spec.path.count }
    guard let command = match else {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        let typed = words.prefix(2).joined(separator: " ")
        let hint = suggestion(for: typed, among: specs.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
        let groups = specs.filter { $0.path.count > 1 && $0.path[0] == arguments[0] }
        if !groups.isEmpty {
            context.warn("latkit: '\(typed)' is not a command; '\(arguments[0])' has: \(groups.map { $0.path[1] }.joined(separator: ", "))")
        } else {
            context.warn("latkit: unknown command '\(typed)'\(hint). Run 'latkit --help' for the list.")
        }
        return 2
    }
    do {
        let parsed = try parseArguments(leadingIsolation + Array(arguments.dropFirst(command.spec.path.count)), for: command.spec)
        if parsed.flag("help") {
            context.out(helpText(for: command.spec))
            return 0
        }
        context.pluginPaths = leadingPluginPaths + parsed.all("plugin-path")
        try context.applyIsolationOptions(parsed)
        return try command.run(parsed, context)
    } catch let error as UsageError {
        context.warn("latkit \(command.spec.name): \(ErrorMessage.sanitized(error.message))")
        context.warn("Run 'latkit \(command.spec.name) --help' for usage.")
        return 2
    } catch {
        context.warn("latkit \(command.spec.name): \(ErrorMessage.line(error))")
        return 1
    }
}

extension CommandContext {
    /// Reads --isolate, --no-isolate and --timeout.
    func applyIsolationOptions(_ parsed: ParsedArguments) throws {
        if parsed.flag("isolate") && parsed.flag("no-isolate") {
            throw UsageError(message: "--isolate and --no-isolate contradict each other")
        }
        isolationMode = parsed.flag("isolate") ? .always : parsed.flag("no-isolate") ? .never : .automatic
        if let text = parsed.value("timeout") {
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw UsageError(message: "--timeout needs a positive number of seconds, got '\(text)'")
            }
            pluginTimeout = seconds
        }
    }
}

/// `latkit plugin-worker --library FILE --name NAME [--set K=V]...`: internal, not listed. Serves
/// one plugin (of any kind) to the isolated plugin that started it, over standard input and output.
/// `latkit plugin-worker --probe FILE` loads the library and says so (`LibraryProbe`).
enum PluginWorkerCommand {
    static func run(_ arguments: [String], _ context: CommandContext) -> Int32 {
        if arguments.count == 2 && arguments[0] == "--probe" {
            return PluginWorker.probe(library: arguments[1])
        }
        var library: String?
        var name: String?
        var options: [String: String] = [:]
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst() else {
                context.warn("latkit plugin-worker: \(option) needs a value")
                return 2
            }
            switch option {
            case "--library": library = value
            case "--name": name = value
            case "--set":
                guard let equals = value.firstIndex(of: "=") else { return 2 }
                options[String(value[..<equals])] = String(value[value.index(after: equals)...])
            default:
                context.warn("latkit plugin-worker: unknown option \(option)")
                return 2
            }
        }
        guard let library, let name else {
            context.warn("latkit plugin-worker: internal; needs --library FILE --name NAME")
            return 2
        }
        return PluginWorker.serve(library: library, name: name, options: options)
    }
}
