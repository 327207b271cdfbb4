/// The outcome of running one plugin through the conformance suite of its kind.
public struct ConformanceReport: Sendable {
    /// One check and its verdict.
    public struct Check: Sendable {
        /// Whether a check passed, failed or did not apply; the raw value is how reports print it.
        public enum Verdict: String, Sendable {
            case pass = "PASS"
            case fail = "FAIL"
            case skip = "SKIP"
        }
        /// What the check tests, in a few words.
        public var name: String
        /// Whether the check passed, failed or was skipped.
        public var verdict: Verdict
        /// What was seen (why it failed, or a figure worth showing).
        public var detail: String
    }

    /// The name of the plugin tested.
    public var plugin: String
    /// Which kind of plugin it is, and so which suite was run.
    public var kind: PluginKind
    /// The checks run, in order.
    public var checks: [Check] = []

    /// True when no check failed.
    public var passed: Bool { !checks.contains { $0.verdict == .fail } }

    mutating func record(_ name: String, _ body: () throws -> String) {
        do {
            checks.append(Check(name: name, verdict: .pass, detail: try body()))
        } catch let skip as ConformanceSkip {
            checks.append(Check(name: name, verdict: .skip, detail: skip.reason))
        } catch {
            checks.append(Check(name: name, verdict: .fail, detail: "\(error)"))
        }
    }

    /// The check every kind shares: `create` with `options` plus an option no plugin has must be
    /// refused with a plugin error; `create` builds an instance from options. `before` runs first,
    /// outside the check for refusal (its errors fail the check).
    mutating func recordUnknownOptionRefused(
        _ name: String = "unknown option is refused", options: [String: String], before: () throws -> Void = {},
        create: ([String: String]) throws -> Void
    ) {
        record(name) {
            try before()
            do {
                try create(options.merging([Self.unknownOption: "1"]) { $1 })
            } catch let error as PluginCallError {
                return "refused: \(error.message)"
            }
            throw ConformanceFailure("create accepted the unknown option '\(Self.unknownOption)'")
        }
    }

    /// An option key no plugin has.
    static let unknownOption = "no-such-option-xyz"

    /// Readable report lines.
    public var lines: [String] {
        ["\(plugin) (\(kind.label))"]
            + checks.map { check in
                "  [\(check.verdict.rawValue)] \(check.name)" + (check.detail.isEmpty ? "" : ": \(check.detail)")
            }
    }
}

/// Thrown by a check that does not apply to this plugin.
struct ConformanceSkip: Error {
    var reason: String
}

/// Thrown by a check whose expectation failed.
struct ConformanceFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Fails the current check with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ConformanceFailure(message()) }
}
