import Foundation

/// The result of one benchmark run: one estimator fitted on `n_train` rows and scored on `n_test`.
///
/// JSON keys are snake_case and fixed: `estimator, n_train, n_test, rmse_ms, mae_ms, mape_pct,
/// within5_pct, within10_pct, spearman, kendall, max_abs_err_ms, fit_seconds, predict_us_per_arch`,
/// always present (a metric that is not a number is written `null` and read back as NaN), then the
/// optional `dataset, target, split, seed, options, space, train_devices, shots, coverage90_pct,
/// mean_interval_width_pct, coverage90_by_quarter_pct`, present only when set (`train_devices` and
/// `shots` by the new-device protocol, `latkit bench --shots`; the interval keys wherever the
/// estimator reports a std, the quarters with at least 4 test rows).
/// ``jsonLine()`` writes them in exactly that order, one record a line.
public struct BenchmarkRecord: Codable, Sendable, Equatable {
    /// Estimator name, such as `mlp`.
    public var estimator: String
    /// Training rows.
    public var nTrain: Int
    /// Test rows.
    public var nTest: Int
    /// Root mean squared error, ms.
    public var rmseMs: Double
    /// Mean absolute error, ms.
    public var maeMs: Double
    /// Mean absolute percentage error, %.
    public var mapePct: Double
    /// Share of test rows predicted within 5 % of the measurement, %.
    public var within5Pct: Double
    /// Share of test rows predicted within 10 % of the measurement, %.
    public var within10Pct: Double
    /// Spearman rank correlation of predicted and measured.
    public var spearman: Double
    /// Kendall rank correlation (tau) of predicted and measured.
    public var kendall: Double
    /// Largest absolute error, ms.
    public var maxAbsErrMs: Double
    /// Wall time of fitting, seconds.
    public var fitSeconds: Double
    /// Prediction wall time per architecture, microseconds.
    public var predictUsPerArch: Double
    /// Data set name.
    public var dataset: String?
    /// Target column (the hardware measured).
    public var target: String?
    /// How train and test rows were split.
    public var split: String?
    /// Seed of the split and of the estimator.
    public var seed: UInt64?
    /// Estimator options as given.
    public var options: [String: String]?
    /// Search space name.
    public var space: String?
    /// New-device protocol: the series the estimator was trained on.
    public var trainDevices: [String]?
    /// New-device protocol: target rows the estimator saw (0 = zero-shot).
    public var shots: Int?
    /// Share of test rows inside mean ± 1.645 std (a nominal 90% interval), %.
    public var coverage90Pct: Double?
    /// Mean width of that interval relative to the measurement, %.
    public var meanIntervalWidthPct: Double?
    /// The interval's coverage in each quarter of the test rows ordered by predicted latency,
    /// smallest first, %: whether it holds for small and large networks alike.
    public var coverage90ByQuarterPct: [Double]?

    /// Creates a record; the optional run details default to unset.
    public init(
        estimator: String, nTrain: Int, nTest: Int, rmseMs: Double, maeMs: Double, mapePct: Double, within5Pct: Double,
        within10Pct: Double, spearman: Double, kendall: Double, maxAbsErrMs: Double, fitSeconds: Double,
        predictUsPerArch: Double, dataset: String? = nil, target: String? = nil, split: String? = nil, seed: UInt64? = nil,
        options: [String: String]? = nil, space: String? = nil
    ) {
        self.estimator = estimator
        self.nTrain = nTrain
        self.nTest = nTest
        self.rmseMs = rmseMs
        self.maeMs = maeMs
        self.mapePct = mapePct
        self.within5Pct = within5Pct
        self.within10Pct = within10Pct
        self.spearman = spearman
        self.kendall = kendall
        self.maxAbsErrMs = maxAbsErrMs
        self.fitSeconds = fitSeconds
        self.predictUsPerArch = predictUsPerArch
        self.dataset = dataset
        self.target = target
        self.split = split
        self.seed = seed
        self.options = options
        self.space = space
    }

    /// The JSON keys, in writing order.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case estimator
        case nTrain = "n_train"
        case nTest = "n_test"
        case rmseMs = "rmse_ms"
        case maeMs = "mae_ms"
        case mapePct = "mape_pct"
        case within5Pct = "within5_pct"
        case within10Pct = "within10_pct"
        case spearman, kendall
        case maxAbsErrMs = "max_abs_err_ms"
        case fitSeconds = "fit_seconds"
        case predictUsPerArch = "predict_us_per_arch"
        case dataset, target, split, seed, options, space
        case trainDevices = "train_devices"
        case shots
        case coverage90Pct = "coverage90_pct"
        case meanIntervalWidthPct = "mean_interval_width_pct"
        case coverage90ByQuarterPct = "coverage90_by_quarter_pct"
    }

    /// The metric fields, in key order, with their keys: the columns of tables and summaries.
    /// (A constant: key paths and coding keys are immutable values.)
    nonisolated(unsafe) public static let metrics: [(key: CodingKeys, value: KeyPath<BenchmarkRecord, Double>)] = [
        (.rmseMs, \.rmseMs), (.maeMs, \.maeMs), (.mapePct, \.mapePct), (.within5Pct, \.within5Pct),
        (.within10Pct, \.within10Pct), (.spearman, \.spearman), (.kendall, \.kendall), (.maxAbsErrMs, \.maxAbsErrMs),
        (.fitSeconds, \.fitSeconds), (.predictUsPerArch, \.predictUsPerArch),
    ]

    /// Decodes a record, reading a `null` metric as NaN; every metric key must be present.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func metric(_ key: CodingKeys) throws -> Double {
            guard c.contains(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath, debugDescription: "missing \(key.rawValue)"))
            }
            return try c.decodeNil(forKey: key) ? .nan : c.decode(Double.self, forKey: key)
        }
        estimator = try c.decode(String.self, forKey: .estimator)
        nTrain = try c.decode(Int.self, forKey: .nTrain)
        nTest = try c.decode(Int.self, forKey: .nTest)
        rmseMs = try metric(.rmseMs)
        maeMs = try metric(.maeMs)
        mapePct = try metric(.mapePct)
        within5Pct = try metric(.within5Pct)
        within10Pct = try metric(.within10Pct)
        spearman = try metric(.spearman)
        kendall = try metric(.kendall)
        maxAbsErrMs = try metric(.maxAbsErrMs)
        fitSeconds = try metric(.fitSeconds)
        predictUsPerArch = try metric(.predictUsPerArch)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
        target = try c.decodeIfPresent(String.self, forKey: .target)
        split = try c.decodeIfPresent(String.self, forKey: .split)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        options = try c.decodeIfPresent([String: String].self, forKey: .options)
        space = try c.decodeIfPresent(String.self, forKey: .space)
        trainDevices = try c.decodeIfPresent([String].self, forKey: .trainDevices)
        shots = try c.decodeIfPresent(Int.self, forKey: .shots)
        coverage90Pct = try c.decodeIfPresent(Double.self, forKey: .coverage90Pct)
        meanIntervalWidthPct = try c.decodeIfPresent(Double.self, forKey: .meanIntervalWidthPct)
        coverage90ByQuarterPct = try c.decodeIfPresent([Double].self, forKey: .coverage90ByQuarterPct)
    }

    /// Encodes every required key (non-finite metrics as null, which `JSONEncoder` would otherwise
    /// refuse) and the optional keys that are set.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(estimator, forKey: .estimator)
        try c.encode(nTrain, forKey: .nTrain)
        try c.encode(nTest, forKey: .nTest)
        for (key, path) in Self.metrics {
            let value = self[keyPath: path]
            if value.isFinite { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try c.encodeIfPresent(dataset, forKey: .dataset)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(split, forKey: .split)
        try c.encodeIfPresent(seed, forKey: .seed)
        try c.encodeIfPresent(options, forKey: .options)
        try c.encodeIfPresent(space, forKey: .space)
        try c.encodeIfPresent(trainDevices, forKey: .trainDevices)
        try c.encodeIfPresent(shots, forKey: .shots)
        if let coverage90Pct, coverage90Pct.isFinite { try c.encode(coverage90Pct, forKey: .coverage90Pct) }
        if let meanIntervalWidthPct, meanIntervalWidthPct.isFinite { try c.encode(meanIntervalWidthPct, forKey: .meanIntervalWidthPct) }
        if let coverage90ByQuarterPct, coverage90ByQuarterPct.allSatisfy(\.isFinite) {
            try c.encode(coverage90ByQuarterPct, forKey: .coverage90ByQuarterPct)
        }
    }

    /// The record as one line of JSON (no line break): keys in ``CodingKeys`` order, option keys
    /// sorted, numbers in their shortest exact form, non-finite metrics as `null`.
    public func jsonLine() -> String {
        var fields: [(CodingKeys, String)] = [
            (.estimator, JSONText.string(estimator)), (.nTrain, String(nTrain)), (.nTest, String(nTest)),
        ]
        fields += Self.metrics.map { ($0.key, JSONText.number(self[keyPath: $0.value])) }
        if let dataset { fields.append((.dataset, JSONText.string(dataset))) }
        if let target { fields.append((.target, JSONText.string(target))) }
        if let split { fields.append((.split, JSONText.string(split))) }
        if let seed { fields.append((.seed, String(seed))) }
        if let options {
            let members = options.keys.sorted().map { JSONText.string($0) + ":" + JSONText.string(options[$0] ?? "") }
            fields.append((.options, "{" + members.joined(separator: ",") + "}"))
        }
        if let space { fields.append((.space, JSONText.string(space))) }
        if let trainDevices { fields.append((.trainDevices, "[" + trainDevices.map(JSONText.string).joined(separator: ",") + "]")) }
        if let shots { fields.append((.shots, String(shots))) }
        if let coverage90Pct { fields.append((.coverage90Pct, JSONText.number(coverage90Pct))) }
        if let meanIntervalWidthPct { fields.append((.meanIntervalWidthPct, JSONText.number(meanIntervalWidthPct))) }
        if let coverage90ByQuarterPct, coverage90ByQuarterPct.allSatisfy(\.isFinite) {
            fields.append((.coverage90ByQuarterPct, "[" + coverage90ByQuarterPct.map(JSONText.number).joined(separator: ",") + "]"))
        }
        return "{" + fields.map { JSONText.string($0.0.rawValue) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// `records` as JSON lines: one ``jsonLine()`` per record, each ended by a line break.
    public static func jsonLines(_ records: [BenchmarkRecord]) -> String {
        records.map { $0.jsonLine() + "\n" }.joined()
    }

    /// The records of JSON-lines `text` (blank lines skipped); an error names the bad line.
    public static func parseJSONLines(_ text: String) throws -> [BenchmarkRecord] {
        let decoder = JSONDecoder()
        var records: [BenchmarkRecord] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            do {
                records.append(try decoder.decode(BenchmarkRecord.self, from: Data(trimmed.utf8)))
            } catch {
                throw BenchmarkRecordError.badLine(index + 1, "\(error)")
            }
        }
        return records
    }
}

/// A JSON-lines file of ``BenchmarkRecord``s could not be read.
public enum BenchmarkRecordError: Error, CustomStringConvertible {
    /// Line `line` (from 1) is not a valid record.
    case badLine(Int, String)

    /// The problem as one line, naming the line number.
    public var description: String {
        switch self {
        case .badLine(let line, let reason): return "benchmark record on line \(line) is invalid: \(reason)"
        }
    }
}

/// JSON text for single values.
enum JSONText {
    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// `value` in its shortest exact decimal form (`12.5`, `3`, `1e-05`), or `null` if not finite.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
