/// A JSON value with its path in the file, read with typed accessors that fail with a
/// `PipelineFileError` naming the path, the expected type and what was found.
struct JSONCursor {
    let value: JSONValue
    let path: String
    let file: String

    func child(_ key: String, _ value: JSONValue) -> JSONCursor {
        JSONCursor(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func error(_ message: String) -> PipelineFileError { PipelineFileError(file: file, path: path, message: message) }

    private func expected(_ what: String) -> PipelineFileError { error("expected \(what), got \(value.kindName)") }

    /// The members of an object; a key outside `allowed` is an error with a did-you-mean.
    func object(allowed: [String]) throws -> [String: JSONCursor] {
        guard case .object(let members) = value else { throw expected("an object") }
        var result: [String: JSONCursor] = [:]
        for key in members.keys.sorted() {
            guard allowed.contains(key) else {
                let hint = closestKey(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw child(key, members[key]!).error("unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
            }
            result[key] = child(key, members[key]!)
        }
        return result
    }

    /// The members of an object whose keys are free names (e.g. `evaluators`), sorted by key.
    func namedMembers() throws -> [(String, JSONCursor)] {
        guard case .object(let members) = value else { throw expected("an object") }
        return members.keys.sorted().map { ($0, child($0, members[$0]!)) }
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw expected("a string") }
        return text
    }

    func boolean() throws -> Bool {
        guard case .bool(let flag) = value else { throw expected("true or false") }
        return flag
    }

    func number() throws -> Double {
        guard case .number(let number) = value, number.isFinite else { throw expected("a number") }
        return number
    }

    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard case .number(let number) = value else { throw expected("an integer") }
        guard number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw error("expected an integer in \(range.lowerBound)...\(range.upperBound), got \(number)")
        }
        return Int(number)
    }

    func array() throws -> [JSONCursor] {
        guard case .array(let items) = value else { throw expected("an array") }
        return items.enumerated().map { JSONCursor(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// An object of plugin options: string, number or boolean values, as `key=value` text.
    func options() throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, member) in try namedMembers() {
            switch member.value {
            case .string(let text): result[key] = text
            case .bool(let flag): result[key] = flag ? "true" : "false"
            case .number(let number):
                result[key] = number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
            default: throw member.error("expected a string, number or boolean option value, got \(member.value.kindName)")
            }
        }
        return result
    }
}

/// The allowed key closest to a misspelt one, when it is close enough to be a likely typo.
private func closestKey(to word: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
    guard let (best, score) = scored, score <= max(2, word.count / 3) else { return nil }
    return best
}
