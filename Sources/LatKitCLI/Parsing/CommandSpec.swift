/// What a command accepts: its name, help text, options and positional arguments.
public struct CommandSpec: Sendable {
    /// Words after `latkit`, e.g. ["plugins", "list"].
    public var path: [String]
    /// One line for the command list.
    public var summary: String
    /// Extra paragraphs for `--help`.
    public var discussion: String
    /// The command's own options; the global ones (such as `--plugin-path`, `--help`) are added by the parser.
    public var options: [OptionSpec]
    /// Positional arguments, in order.
    public var positionals: [PositionalSpec]

    /// Creates a command spec; `discussion` may be empty.
    public init(path: [String], summary: String, discussion: String = "", options: [OptionSpec] = [], positionals: [PositionalSpec] = []) {
        self.path = path
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
    }

    /// The full name, e.g. "plugins list".
    public var name: String { path.joined(separator: " ") }
}

/// A `--name` option: a flag, or one that takes a value (possibly repeated).
public struct OptionSpec: Sendable {
    /// Option name without the leading `--`, e.g. "plugin-path".
    public var name: String
    /// Placeholder shown in help, e.g. "DIR"; nil for a flag.
    public var valueName: String?
    /// One line for `--help`.
    public var help: String
    /// Whether the option may be given more than once (all values are kept).
    public var repeatable: Bool
    /// A one-letter alias, e.g. "n" for `-n`.
    public var short: Character? = nil
    /// The command cannot run without it: `--help` says so and the parser refuses its absence.
    public var isRequired = false
    /// The values it accepts, when they are a fixed set: `--help` lists them and the parser
    /// refuses any other.
    public var choices: [String] = []

    /// A boolean flag.
    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, repeatable: false)
    }
    /// An option taking one value.
    public static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false, short: Character? = nil)
        -> OptionSpec
    {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable, short: short)
    }

    /// This option, marked required.
    public func required() -> OptionSpec {
        var option = self
        option.isRequired = true
        return option
    }

    /// This option, accepting only `values`.
    public func oneOf(_ values: [String]) -> OptionSpec {
        var option = self
        option.choices = values
        return option
    }
}

/// A positional argument.
public struct PositionalSpec: Sendable {
    /// Name shown in usage and help, e.g. "FILE".
    public var name: String
    /// One line for `--help`.
    public var help: String
    /// Whether the argument may be left out.
    public var optional: Bool
    /// Takes every remaining argument.
    public var variadic: Bool

    /// Creates a positional argument; by default required and taking one value.
    public init(_ name: String, _ help: String, optional: Bool = false, variadic: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
        self.variadic = variadic
    }
}

/// Options every command accepts.
let globalOptions: [OptionSpec] = [
    .value("plugin-path", "DIR", "also look for plugins in DIR (searched first; repeatable)", repeatable: true),
    .flag("isolate", "run every plugin in a child process (default: only those not shipped with latkit)"),
    .flag("no-isolate", "run every plugin in-process, even one loaded by path"),
    .value("timeout", "SECONDS", "kill an isolated plugin whose call takes longer (default: no limit)"),
    .flag("help", "show this help"),
]
