/// Builds a latency lookup table for the profiler's device: every operator a search space lists
/// (at the chosen resolutions) is measured alone through `ProfilingSession` (so the build resumes
/// after an interruption), then written in the CSV form the `lut` estimator reads:
/// `resolution,key,count,mean_ms,std_ms,min_ms,median_ms` (count = timed runs).
public struct LookupTableBuild {
    /// The operator keys of each resolution, in the space's order.
    public let keysByResolution: [(resolution: Int, keys: [String])]

    /// Lists the operators of `resolutions` through the space (`list_operators`, ABI 1.1).
    public init(space: SearchSpace, resolutions: [Int]) throws {
        guard space.operatorScopeKeys.contains("resolution") else {
            throw ProfilingError("search space '\(space.name)' cannot list its operators by resolution (ABI 1.1 list_operators)")
        }
        keysByResolution = try resolutions.map { ($0, try space.listOperators(scope: ["resolution": String($0)])) }
    }

    /// Every distinct key over all resolutions (keys repeat across resolutions and are measured once).
    public var distinctKeys: [String] {
        var seen = Set<String>()
        return keysByResolution.flatMap(\.keys).filter { seen.insert($0).inserted }
    }

    /// The table as CSV, from the results stored in `store`'s operator `series`; fails naming the
    /// first key that has no stored result.
    public func tableText(store: MeasurementStore, series: MeasurementSeries) throws -> String {
        var byKey: [String: Measurement] = [:]
        for result in try store.measurements(in: series) { byKey[result.item] = result.measurement }
        var lines = ["resolution,key,count,mean_ms,std_ms,min_ms,median_ms"]
        for (resolution, keys) in keysByResolution {
            for key in keys {
                guard let m = byKey[key] else { throw ProfilingError("no stored measurement of operator '\(key)' (r=\(resolution))") }
                lines.append("\(resolution),\(quotedCSV(key)),\(m.runs),\(m.meanMs),\(m.stdMs),\(m.minMs),\(m.medianMs)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
