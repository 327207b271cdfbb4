import Foundation

@testable import LatKit

/// The OFANAS paper CSVs and the paper's 128-value one-hot encoding, built here (independently of
/// the OFA space plugin) from the rules in data/models/ofa_accuracy_predictor's README.
enum OFAPaperData {
    /// One row of a paper CSV: the architecture fields and every numeric column by name.
    struct Row {
        var ks: [Int]
        var e: [Int]
        var d: [Int]
        var r: Int
        var numbers: [String: Double]
    }

    /// Reads a CSV with `ks,e,d,r` columns (dash-joined lists) and numeric columns.
    static func read(_ path: String) throws -> [Row] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        func list(_ text: String) -> [Int] { text.split(separator: "-").compactMap { Int($0) } }
        return lines.filter { !$0.isEmpty }.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var row = Row(ks: [], e: [], d: [], r: 0, numbers: [:])
            for (name, field) in zip(header, fields) {
                switch name {
                case "ks": row.ks = list(field)
                case "e": row.e = list(field)
                case "d": row.d = list(field)
                case "r": row.r = Int(field) ?? 0
                default: if let value = Double(field) { row.numbers[name] = value }
                }
            }
            return row
        }
    }

    /// The paper128 encoding: kernel one-hot 20 x 3 ({3,5,7}), expand one-hot 20 x 3 ({3,4,6}),
    /// resolution one-hot over 8 bins (r - 112) / 16; slots beyond a stage's depth all zero.
    static func encode(ks: [Int], e: [Int], d: [Int], r: Int) -> [Float] {
        var x = [Float](repeating: 0, count: 128)
        let kernelIndex = [3: 0, 5: 1, 7: 2]
        let expandIndex = [3: 0, 4: 1, 6: 2]
        for stage in 0..<5 {
            for block in 0..<d[stage] {
                let slot = 4 * stage + block
                x[3 * slot + kernelIndex[ks[slot]]!] = 1
                x[60 + 3 * slot + expandIndex[e[slot]]!] = 1
            }
        }
        x[120 + (r - 112) / 16] = 1
        return x
    }

    /// The operators of a row in the manner of OFA's lookup-table keys, which name a layer by its
    /// shapes: the stem and the head at the resolution, and per active block its stage, whether it
    /// opens the stage (stride and input channels differ), kernel, expand ratio and resolution.
    /// The same partition of layers as the OFA space's keys, built here without the plugin.
    static func operators(_ row: Row) -> [Operator] {
        var keys = ["stem-r\(row.r)", "head-r\(row.r)"]
        for stage in 0..<5 {
            for block in 0..<row.d[stage] {
                let slot = 4 * stage + block
                keys.append("block-s\(stage)-\(block == 0 ? "first" : "rest")-k\(row.ks[slot])-e\(row.e[slot])-r\(row.r)")
            }
        }
        var counts: [String: Double] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        return counts.keys.sorted().map { Operator(key: $0, count: counts[$0]!) }
    }

    /// The OFA search space plugin's ofa-mbv3-w1.0 (the network the GPU columns measure), loaded once.
    nonisolated(unsafe) private static let space = Result { try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0") }

    /// The MACs and parameters of `rows` as the OFA search space plugin (ofa-mbv3-w1.0) counts them.
    static func costs(_ rows: some Collection<Row>) throws -> [Cost] {
        let space = try space.get()
        func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: "-") }
        let fields = rows.map { row in
            space.architectureColumns.map { column in
                switch column {
                case "ks": return list(row.ks)
                case "e": return list(row.e)
                case "d": return list(row.d)
                default: return String(row.r)
                }
            }
        }
        return try space.cost(try space.architectures(fromFields: fields))
    }

    /// A batch of `rows` with paper128 features, operators, costs (from the OFA space plugin) and,
    /// when `target` names a column, targets.
    static func batch(_ rows: some Collection<Row>, target: String?) throws -> ArchitectureBatch {
        let values = rows.flatMap { encode(ks: $0.ks, e: $0.e, d: $0.d, r: $0.r) }
        return ArchitectureBatch(
            searchSpace: "ofa-mbv3-w1.0", count: rows.count,
            features: FeatureMatrix(values: values, rows: rows.count, columns: 128, encoding: "paper128"),
            operators: rows.map(operators), costs: rows.isEmpty ? [] : try costs(rows),
            targets: target.map { name in rows.map { $0.numbers[name]! } })
    }

    /// The shipped OFA paper latency rows.
    static func latencyRows() throws -> [Row] { try read(TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv") }

    /// Root mean squared error and mean absolute error.
    static func errors(_ predictions: [Double], _ targets: [Double]) -> (rmse: Double, mae: Double) {
        let differences = zip(predictions, targets).map { $0 - $1 }
        let count = Double(differences.count)
        return ((differences.map { $0 * $0 }.reduce(0, +) / count).squareRoot(), differences.map(abs).reduce(0, +) / count)
    }
}
