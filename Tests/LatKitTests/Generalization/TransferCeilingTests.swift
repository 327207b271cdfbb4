import Foundation
import XCTest

@testable import LatKit

/// The transfer ceiling: least squares in log space from the training series, on every target row.
final class TransferCeilingTests: XCTestCase {
    /// A wide file over the first 300 NAS-Bench-201 cells: two real series, a target that is
    /// exactly `exp(0.3) * a^0.7 * b^0.2`, and a real series no power law of the two gives.
    private func dataset() throws -> MultiDeviceDataset {
        let text = try String(contentsOfFile: TestPaths.data + "/help_nasbench201/latency_wide.csv", encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
        let header = rows[0]
        let (architecture, a, b, other) = (
            header.firstIndex(of: "arch_str")!, header.firstIndex(of: "1080ti_bs32")!, header.firstIndex(of: "silver_4114")!,
            header.firstIndex(of: "pixel3")!
        )
        var lines = ["arch_str,a,b,power_law,pixel3"]
        for row in rows.dropFirst().prefix(300) {
            let (x, y) = (Double(row[a])!, Double(row[b])!)
            let target = exp(0.3 + 0.7 * log(x) + 0.2 * log(y))
            lines.append("\(row[architecture]),\(x),\(y),\(target),\(row[other])")
        }
        let path = try EstimatorTestSupport.temporaryFolder(self) + "/wide.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let space = try TestPaths.catalog("nasbench201").searchSpace("nasbench201")
        return try MultiDeviceDataset.load(path: path, space: space, devices: nil)
    }

    func testRecoversAnExactPowerLawOfTheTrainingSeries() throws {
        let dataset = try dataset()
        let task = try TransferTask(
            dataset: dataset, target: "power_law", trainColumns: ["a", "b"], shots: 0, seed: 0, excludeHardware: false)
        let ceiling = try TransferCeiling.evaluate(dataset: dataset, task: task)
        XCTAssertEqual(ceiling.testRows.count, 300)
        XCTAssertEqual(ceiling.spearman ?? 0, 1, accuracy: 1e-9)
        // Float32 log inputs: a few parts per million.
        XCTAssertLessThan(ceiling.metrics.mape, 1e-3)
    }

    func testADeviceOfItsOwnStaysBelowOne() throws {
        let dataset = try dataset()
        let task = try TransferTask(
            dataset: dataset, target: "pixel3", trainColumns: ["a", "b"], shots: 0, seed: 0, excludeHardware: false)
        let ceiling = try TransferCeiling.evaluate(dataset: dataset, task: task)
        // Least squares on two series: no better than what those series can say about pixel3,
        // and at least as good in log error as either one alone, mapped the same way.
        XCTAssertLessThan(ceiling.spearman ?? 1, 0.99)
        let single = try TransferCeiling.evaluate(
            dataset: dataset,
            task: try TransferTask(dataset: dataset, target: "pixel3", trainColumns: ["a"], shots: 0, seed: 0, excludeHardware: false))
        func logRMSE(_ evaluation: Evaluation) -> Double {
            let squares = zip(evaluation.predictions.mean, evaluation.actual).map { pow(log($0) - log($1), 2) }
            return (squares.reduce(0, +) / Double(squares.count)).squareRoot()
        }
        XCTAssertLessThanOrEqual(logRMSE(ceiling), logRMSE(single) + 1e-9)
    }

    func testTheMACsAreOneMoreColumnWhenGiven() throws {
        let dataset = try dataset()
        let space = try TestPaths.catalog("nasbench201").searchSpace("nasbench201")
        let macs = try space.cost(dataset.architectures).map(\.macs)
        let task = try TransferTask(dataset: dataset, target: "pixel3", trainColumns: ["a"], shots: 0, seed: 0, excludeHardware: false)
        func logRMSE(_ evaluation: Evaluation) -> Double {
            let squares = zip(evaluation.predictions.mean, evaluation.actual).map { pow(log($0) - log($1), 2) }
            return (squares.reduce(0, +) / Double(squares.count)).squareRoot()
        }
        let without = try TransferCeiling.evaluate(dataset: dataset, task: task)
        let with = try TransferCeiling.evaluate(dataset: dataset, task: task, macs: macs)
        XCTAssertLessThan(logRMSE(with), logRMSE(without))
        // MACs that do not fit the data set (wrong count, a zero) are not used.
        XCTAssertEqual(
            try TransferCeiling.evaluate(dataset: dataset, task: task, macs: Array(macs.dropLast())).predictions, without.predictions)
        XCTAssertEqual(
            try TransferCeiling.evaluate(dataset: dataset, task: task, macs: [0] + macs.dropFirst()).predictions, without.predictions)
    }

    func testNeedsATrainingSeries() throws {
        let dataset = try dataset()
        let task = try TransferTask(dataset: dataset, target: "pixel3", trainColumns: [], shots: 0, seed: 0, excludeHardware: false)
        XCTAssertThrowsError(try TransferCeiling.evaluate(dataset: dataset, task: task)) {
            XCTAssertTrue("\($0)".contains("training series"), "\($0)")
        }
    }
}
