/// The `key=value` options the host passes to `create`, read with typed accessors.
///
/// Each accessor marks its key as used; `finish()` then fails on any key the plugin never asked
/// for, so a misspelt `--set lerning_rate=0.1` is an error rather than silently ignored.
public final class PluginOptions {
    private var values: [String: String] = [:]
    private var order: [String] = []
    private var used: Set<String> = []

    /// Parses UTF-8 lines `key=value`, separated by newlines; blank lines are skipped.
    public init(text: String) throws {
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingBlanks()
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw PluginError.invalid("option '\(line)' is not key=value")
            }
            let key = String(line[..<equals]).trimmingBlanks()
            let value = String(line[line.index(after: equals)...]).trimmingBlanks()
            if values[key] != nil { throw PluginError.invalid("option '\(key)' given twice") }
            values[key] = value
            order.append(key)
        }
    }

    /// The raw text of `key`, or `fallback` when absent.
    public func string(_ key: String, default fallback: String) -> String {
        used.insert(key)
        return values[key] ?? fallback
    }

    /// `key` as one of `allowed`.
    public func choice(_ key: String, default fallback: String, allowed: [String]) throws -> String {
        let value = string(key, default: fallback)
        guard allowed.contains(value) else {
            throw PluginError.invalid("option \(key)=\(value) is not one of \(allowed.joined(separator: ", "))")
        }
        return value
    }

    /// `key` as an integer within `range`.
    public func int(_ key: String, default fallback: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        used.insert(key)
        guard let text = values[key] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw PluginError.invalid("option \(key)=\(text) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `key` as a finite number within `range`.
    public func double(
        _ key: String, default fallback: Double,
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws -> Double {
        used.insert(key)
        guard let text = values[key] else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw PluginError.invalid("option \(key)=\(text) must be a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `key` as a comma-separated list of numbers.
    public func doubles(_ key: String, default fallback: [Double]) throws -> [Double] {
        used.insert(key)
        guard let text = values[key] else { return fallback }
        let parts = text.split(separator: ",").map { Double($0.trimmingBlanks()) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw PluginError.invalid("option \(key)=\(text) must be a comma-separated list of numbers")
        }
        return parts.map { $0! }
    }

    /// `key` as a boolean (true/false, yes/no, 1/0).
    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        used.insert(key)
        guard let text = values[key] else { return fallback }
        switch text.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw PluginError.invalid("option \(key)=\(text) must be true or false")
        }
    }

    /// Fails on the first option that no accessor asked for.
    public func finish() throws {
        if let unknown = order.first(where: { !used.contains($0) }) {
            let known = used.sorted().joined(separator: ", ")
            throw PluginError.invalid("unknown option '\(unknown)'" + (known.isEmpty ? " (this plugin takes none)" : " (known: \(known))"))
        }
    }
}
