import Foundation
import XCTest

@testable import LatKit

final class BenchmarkRecordTests: XCTestCase {
    private let required = [
        "estimator", "n_train", "n_test", "rmse_ms", "mae_ms", "mape_pct", "within5_pct", "within10_pct", "spearman", "kendall",
        "max_abs_err_ms", "fit_seconds", "predict_us_per_arch",
    ]
    private let optional = ["dataset", "target", "split", "seed", "options", "space"]

    private func keys(_ line: String) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return Set(object?.keys.map { $0 } ?? [])
    }

    func testJSONLineHasExactlyTheRequiredKeysInOrder() throws {
        let record = BenchmarkRecord.sample(estimator: "mlp", nTrain: 900, rmse: 0.25)
        let line = record.jsonLine()
        XCTAssertFalse(line.contains("\n"))
        XCTAssertEqual(try keys(line), Set(required))
        let positions = required.map { line.range(of: "\"\($0)\":")!.lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertTrue(line.hasPrefix(#"{"estimator":"mlp","n_train":900,"n_test":2000,"rmse_ms":0.25,"mae_ms":0.2,"#), line)
        XCTAssertEqual(try JSONDecoder().decode(BenchmarkRecord.self, from: Data(line.utf8)), record)
        // JSONEncoder (for results.json) writes the same keys.
        XCTAssertEqual(try keys(String(decoding: JSONEncoder().encode(record), as: UTF8.self)), Set(required))
    }

    func testOptionalKeysNonFiniteMetricsAndRoundTrip() throws {
        var record = BenchmarkRecord.sample(estimator: "a \"quoted\"\nname", nTrain: 1, rmse: 1e-5, seed: UInt64.max)
        record.dataset = "ofa"
        record.target = "rtx_2080_ti_ms"
        record.split = "random"
        record.options = ["hidden": "64", "epochs": "10"]
        record.space = "ofa-mbv3-w1.0"
        record.kendall = .nan
        let line = record.jsonLine()
        XCTAssertEqual(try keys(line), Set(required + optional))
        XCTAssertTrue(line.contains(#""kendall":null"#))
        XCTAssertTrue(line.contains(#""options":{"epochs":"10","hidden":"64"}"#))
        XCTAssertTrue(line.hasSuffix(#""space":"ofa-mbv3-w1.0"}"#))
        let text = BenchmarkRecord.jsonLines([record, .sample(estimator: "b", nTrain: 2, rmse: 3)])
        XCTAssertEqual(text.split(separator: "\n").count, 2)
        let back = try BenchmarkRecord.parseJSONLines(text + "\n")
        XCTAssertEqual(back.count, 2)
        XCTAssertTrue(back[0].kendall.isNaN)
        XCTAssertEqual(back[0].seed, UInt64.max)
        XCTAssertEqual(back[0].estimator, record.estimator)
        XCTAssertEqual(back[0].options, record.options)
        XCTAssertEqual(back[0].rmseMs, 1e-5)
        XCTAssertNoThrow(try JSONEncoder().encode(record))
    }

    func testNewDeviceKeysRoundTrip() throws {
        var record = BenchmarkRecord.sample(estimator: "hwgen", nTrain: 100, rmse: 0.5)
        record.trainDevices = ["2080ti_bs64", "v100_bs64"]
        record.shots = 10
        record.coverage90Pct = 88.5
        record.meanIntervalWidthPct = 12.25
        record.coverage90ByQuarterPct = [100, 92.5, 87, 74.5]
        let line = record.jsonLine()
        XCTAssertTrue(
            line.hasSuffix(
                #""train_devices":["2080ti_bs64","v100_bs64"],"shots":10,"coverage90_pct":88.5,"mean_interval_width_pct":12.25,"#
                    + #""coverage90_by_quarter_pct":[100,92.5,87,74.5]}"#), line)
        let back = try BenchmarkRecord.parseJSONLines(line)[0]
        XCTAssertEqual(back.trainDevices, record.trainDevices)
        XCTAssertEqual(back.shots, 10)
        XCTAssertEqual(back.coverage90Pct, 88.5)
        XCTAssertEqual(back.meanIntervalWidthPct, 12.25)
        XCTAssertEqual(back.coverage90ByQuarterPct, [100, 92.5, 87, 74.5])
        // A quarter that is not a number leaves the key out, in both writers, so the line reads back.
        var broken = record
        broken.coverage90ByQuarterPct = [100, .nan, 87, 74.5]
        XCTAssertFalse(broken.jsonLine().contains("coverage90_by_quarter_pct"))
        XCTAssertNil(try BenchmarkRecord.parseJSONLines(broken.jsonLine())[0].coverage90ByQuarterPct)
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(broken), as: UTF8.self).contains("coverage90_by_quarter_pct"))
        XCTAssertEqual(try keys(String(decoding: JSONEncoder().encode(record), as: UTF8.self)).count, try keys(line).count)
    }

    func testMissingRequiredKeyIsAnError() {
        let line = #"{"estimator":"x","n_train":1,"n_test":1}"#
        XCTAssertThrowsError(try BenchmarkRecord.parseJSONLines("\n" + line)) { error in
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
            XCTAssertTrue("\(error)".contains("rmse_ms"), "\(error)")
        }
    }

    func testTextTableAlignsColumns() {
        let records = [
            BenchmarkRecord.sample(estimator: "mlp", nTrain: 900, rmse: 0.2512),
            BenchmarkRecord.sample(estimator: "flops-linear", nTrain: 12000, rmse: 12.5),
        ]
        let text = TextTable(.records(records, columns: [.estimator, .nTrain, .rmseMs, .spearman, .seed])).render()
        XCTAssertEqual(
            text,
            """
            estimator     n_train  rmse_ms  spearman  seed
            ------------  -------  -------  --------  ----
            mlp               900    0.251     0.980     -
            flops-linear    12000   12.500     0.980     -

            """)
        let generic = TextTable(headers: ["k", "v"], rows: [["a", 1], ["bb", 22]], alignments: [.right, .left]).render()
        XCTAssertEqual(generic, " k  v\n--  --\n a  1\nbb  22\n")
    }

    func testRepeatSummaryAndSampleEfficiency() {
        let summary = RepeatSummary([2, 4, 4, 4, 5, 5, 7, 9])
        XCTAssertEqual(summary.count, 8)
        XCTAssertEqual(summary.mean, 5)
        XCTAssertEqual(summary.standardDeviation, (32.0 / 7).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(RepeatSummary([3]).standardDeviation, 0)
        XCTAssertTrue(RepeatSummary([]).mean.isNaN)

        let records = [
            BenchmarkRecord.sample(estimator: "b", nTrain: 200, rmse: 1),
            .sample(estimator: "a", nTrain: 100, rmse: 2), .sample(estimator: "b", nTrain: 100, rmse: 3),
            .sample(estimator: "b", nTrain: 100, rmse: 5),
        ]
        let groups = RepeatSummary.grouped(records, metric: \.rmseMs)
        XCTAssertEqual(groups.map(\.estimator), ["b", "b", "a"])
        XCTAssertEqual(groups.map(\.nTrain), [100, 200, 100])
        XCTAssertEqual(groups[0].summary.mean, 4)
        let series = LineSeries.sampleEfficiency(records)
        XCTAssertEqual(series.map(\.name), ["b", "a"])
        XCTAssertEqual(series[0].points, [LinePoint(x: 100, y: 4, spread: 2.0.squareRoot()), LinePoint(x: 200, y: 1)])
    }
}
