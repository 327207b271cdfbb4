import Foundation

/// The largest counts the command line accepts from outside, checked before anything is
/// allocated or started for them (a usage error, exit 2, beyond). They are far above any real
/// use and far below what would exhaust memory: `latkit sample -n 1000000000` used to allocate
/// until the system killed it.
public enum CountLimits {
    /// `sample -n` and `profile -n`: architectures drawn (about 100 bytes each).
    public static let architectures = 0...1_000_000
    /// `bench --repeats`, for the plain and the new-device protocols.
    public static let repeats = 1...10_000
    /// `bench --folds`: cross-validation folds (one fit each).
    public static let folds = 3...100
    /// Each of `bench --train-size N,...`.
    public static let trainSize = 1...10_000_000
    /// Each of `bench --shots N,...`.
    public static let shots = 0...1_000_000
    /// `search --budget`: evaluations.
    public static let budget = 1...1_000_000_000
    /// `lut check -n`: networks checked (each some seconds of measurement).
    public static let checkedNetworks = 1...10_000
    /// `lut check --rounds` and `--runs`.
    public static let checkRepetitions = 1...1_000
}

/// A command-line mistake: printed with a usage hint, exit code 2.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, in one line.
    public var message: String
    /// The message as it is.
    public var description: String { message }
}

/// The parsed arguments of one command.
public struct ParsedArguments: Equatable, Sendable {
    /// Positional arguments, in the order given.
    public var positionals: [String] = []
    /// Values by option name, in the order given.
    public var values: [String: [String]] = [:]
    /// Names of the flags given (without `--`).
    public var flags: Set<String> = []

    /// The single value of `name`, if given.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// All values of a repeatable option.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of an option the spec marks required (the parser has checked it is there).
    public func required(_ name: String) throws -> String {
        guard let text = value(name) else { throw UsageError(message: "--\(name) is required") }
        return text
    }

    /// `name` as an integer, or `fallback` when absent.
    public func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text) else { throw UsageError(message: "--\(name) needs a whole number, got '\(text)'") }
        return number
    }

    /// `name` as an integer within `range` (or `fallback` when absent); a value outside it is a
    /// usage error, before anything is allocated for it (see `CountLimits`).
    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        let number = try int(name, default: fallback)
        guard range.contains(number) else {
            throw UsageError(message: "--\(name) must be \(range.lowerBound)...\(range.upperBound), got \(number)")
        }
        return number
    }

    /// `name` as a comma-separated list of integers, each within `range`; empty when absent.
    public func ints(_ name: String, in range: ClosedRange<Int>) throws -> [Int] {
        try (value(name)?.split(separator: ",", omittingEmptySubsequences: false) ?? []).map { text in
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError(message: "--\(name) needs whole numbers, got '\(text)'")
            }
            guard range.contains(number) else {
                throw UsageError(message: "--\(name) values must be \(range.lowerBound)...\(range.upperBound), got \(number)")
            }
            return number
        }
    }

    /// `name` as an unsigned 64-bit seed, or `fallback` when absent.
    public func seed(_ name: String = "seed", default fallback: UInt64) throws -> UInt64 {
        guard let text = value(name) else { return fallback }
        guard let number = UInt64(text) else { throw UsageError(message: "--\(name) needs a non-negative whole number, got '\(text)'") }
        return number
    }

    /// `--set key=value` pairs as a dictionary; a repeated key or a pair without '=' is an error.
    public func keyValues(_ name: String = "set") throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in all(name) {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError(message: "--\(name) needs key=value, got '\(pair)'")
            }
            let key = String(pair[..<equals])
            guard result[key] == nil else { throw UsageError(message: "--\(name) \(key) given twice") }
            result[key] = String(pair[pair.index(after: equals)...])
        }
        return result
    }
}

/// Parses arguments against a command's spec (plus the global options).
///
/// Accepts `--name value`, `--name=value`, flags, and `--` to end options. Anything unknown,
/// a missing value, or a wrong number of positionals is a `UsageError`.
public func parseArguments(_ arguments: [String], for spec: CommandSpec) throws -> ParsedArguments {
    let options = spec.options + globalOptions
    var parsed = ParsedArguments()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || Double(argument) != nil {
            parsed.positionals.append(argument)
            continue
        }
        if argument == "--" {
            onlyPositionals = true
            continue
        }
        if argument == "-h" {
            parsed.flags.insert("help")
            continue
        }
        var name: String
        if !argument.hasPrefix("--") {
            guard argument.count == 2, let option = options.first(where: { $0.short == argument.last }) else {
                throw UsageError(message: "unknown option '\(argument)' for 'latkit \(spec.name)'")
            }
            name = option.name
        } else {
            name = String(argument.dropFirst(2))
        }
        var inlineValue: String?
        if let equals = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        guard let option = options.first(where: { $0.name == name }) else {
            let hint = suggestion(for: name, among: options.map(\.name)).map { " (did you mean --\($0)?)" } ?? ""
            throw UsageError(message: "unknown option '--\(name)' for 'latkit \(spec.name)'\(hint)")
        }
        if option.valueName == nil {
            if inlineValue != nil { throw UsageError(message: "--\(name) takes no value") }
            parsed.flags.insert(name)
            continue
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            guard index < arguments.count else {
                throw UsageError(message: "--\(name) needs a value (\(option.valueName!))")
            }
            value = arguments[index]
            index += 1
        }
        if !option.repeatable, parsed.values[name] != nil {
            throw UsageError(message: "--\(name) given more than once")
        }
        if !option.choices.isEmpty, !option.choices.contains(value) {
            throw UsageError(message: "--\(name) must be one of \(option.choices.joined(separator: ", ")), got '\(value)'")
        }
        parsed.values[name, default: []].append(value)
    }
    if parsed.flag("help") { return parsed }
    if let missing = spec.options.first(where: { $0.isRequired && parsed.values[$0.name] == nil && !parsed.flags.contains($0.name) }) {
        throw UsageError(message: "--\(missing.name)\(missing.valueName.map { " \($0)" } ?? "") is required")
    }
    let required = spec.positionals.filter { !$0.optional }.count
    let variadic = spec.positionals.contains { $0.variadic }
    if parsed.positionals.count < required {
        let missing = spec.positionals[parsed.positionals.count]
        throw UsageError(message: "missing argument \(missing.name) for 'latkit \(spec.name)'")
    }
    if !variadic, parsed.positionals.count > spec.positionals.count {
        throw UsageError(
            message: "unexpected argument '\(parsed.positionals[spec.positionals.count])' for 'latkit \(spec.name)'")
    }
    return parsed
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

/// Levenshtein distance between two strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
