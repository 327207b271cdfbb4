import LatKitPluginKit

/// One entry of an operator lookup table: the measured latency of one operator.
struct LookupEntry: Equatable {
    /// Mean latency in ms.
    var mean: Double
    /// Standard deviation of the timings in ms (0 when the table gives none).
    var std: Double
    /// Number of timing samples behind the mean (0 when the table gives none).
    var samples: Double
}

/// An operator lookup table made of named sub-tables, one per input resolution as OFA publishes
/// them (`160_lookup_table.yaml` is sub-table "160").
///
/// OFA keys contain the operator's input shape, but that does not make them unique across
/// resolutions: the last layers (`Conv_2-input:1x1x1152-...`, `Logits-...`) and the late stages of
/// neighbouring resolutions (11x11 at 164 and 176) share keys with different timings. OFA prices a
/// network from the table of its own resolution, and so does this one: a row is priced from the
/// one sub-table that holds all of its keys (the first conv's key names the resolution, so for an
/// OFA network exactly one does). Within a sub-table every key is unique.
struct LookupTable {
    /// Sub-table names, in load order.
    private(set) var names: [String] = []
    private(set) var tables: [[String: LookupEntry]] = []
    /// Key -> the sub-tables holding it, in load order.
    private var holders: [String: [Int]] = [:]

    var entryCount: Int { tables.reduce(0) { $0 + $1.count } }

    /// Adds `key` to sub-table `name` (created on first use), refusing a key already in that
    /// sub-table, values that are not finite, a negative std or count, and a mean that is not
    /// above 0 ms: zero is refused as well, since a 0 ms operator hides a missing measurement and
    /// would let a network be priced below what it costs. `source` names the file and line in errors.
    mutating func add(_ key: String, _ entry: LookupEntry, table name: String, source: String) throws {
        guard !key.isEmpty else { throw PluginError.invalid("\(source): empty operator key") }
        if entry.mean.isFinite, entry.mean <= 0 {
            throw PluginError.invalid(
                "\(source): key '\(key)' has mean \(entry.mean) ms; an operator's latency must be above 0 ms")
        }
        guard entry.mean.isFinite, entry.std.isFinite, entry.std >= 0, entry.samples.isFinite, entry.samples >= 0 else {
            throw PluginError.invalid(
                "\(source): key '\(key)' needs a finite mean, a finite non-negative std and count (got mean \(entry.mean), std \(entry.std), count \(entry.samples))"
            )
        }
        let index: Int
        if let existing = names.firstIndex(of: name) {
            index = existing
        } else {
            index = names.count
            names.append(name)
            tables.append([:])
        }
        guard tables[index][key] == nil else {
            throw PluginError.invalid("\(source): operator key '\(key)' appears twice in table '\(name)'")
        }
        tables[index][key] = entry
        holders[key, default: []].append(index)
    }

    /// Σ count · mean and Σ count · std² of one row, from the sub-table that holds all its keys.
    /// A key in no sub-table is an error naming it (a missing operator never counts as 0 ms).
    func price(_ operators: [(key: String, count: Double)], row: Int) throws -> (mean: Double, variance: Double) {
        var candidates: [Int]?
        for op in operators {
            guard let holding = holders[op.key] else {
                throw PluginError.invalid("row \(row): operator key '\(op.key)' is not in the lookup table (\(entryCount) entries)")
            }
            let remaining = candidates.map { $0.filter(holding.contains) } ?? holding
            if remaining.isEmpty {
                throw PluginError.invalid(
                    "row \(row): operator key '\(op.key)' is only in table(s) \(list(holding)), the row's other operators only in \(list(candidates ?? [])); a network is priced from one table (its resolution)"
                )
            }
            candidates = remaining
        }
        guard let candidates else { return (0, 0) }  // a row without operators
        let sums = candidates.map { table in
            operators.reduce((mean: 0.0, variance: 0.0)) { sum, op in
                let entry = tables[table][op.key]!
                return (sum.mean + op.count * entry.mean, sum.variance + op.count * entry.std * entry.std)
            }
        }
        let first = sums[0]
        if sums.contains(where: { $0 != first }) {
            throw PluginError.invalid(
                "row \(row): its operators are all in tables \(list(candidates)) with different timings; add an operator that names the resolution (such as the first conv)"
            )
        }
        return first
    }

    private func list(_ indices: [Int]) -> String { indices.map { names[$0] }.joined(separator: ", ") }
}
