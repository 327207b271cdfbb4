import Foundation
import XCTest

@testable import LatKit

/// A trimmed reproduction (baselines only) runs end to end on the shipped data and writes the
/// three outputs; the full plan is the README's main job.
final class ReproductionRunTests: XCTestCase {
    func testATrimmedPlanWritesTheReportAndResults() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var plan = ReproductionPlan.standard(dataFolder: TestPaths.data, quick: true)
        plan.dataSets = plan.dataSets.filter { $0.name == "RTX 2080 Ti OFA" }
        plan.dataSets[0].contenders = plan.dataSets[0].contenders.filter { ["lut-fitted", "flops"].contains($0.label) }
        plan.trainSizes = [500, 7000]
        plan.efficiencyContenders = ["flops"]
        plan.efficiencyRepeats = 1
        plan.generalization = plan.generalization.filter { $0.space == "ofa-mbv3-w1.2" }
        plan.generalization[0].targets = ["v100_bs64"]
        plan.generalization[0].estimators = plan.generalization[0].estimators.filter { ["nearest-device", "flops"].contains($0.label) }
        plan.generalization[0].shots = [0, 10]
        plan.nas = nil  // the NAS section has its own test (NASComparisonTests)
        plan.measurement = nil  // so has the real-latency section (MeasurementStudyTests)
        let catalog = try TestPaths.catalog("ofa", "lut", "flops", "transfer")
        var lines: [String] = []
        let reproduction = Reproduction(catalog: catalog, plan: plan) { lines.append($0) }
        let results = try reproduction.run()

        let records = try XCTUnwrap(results.dataSets.first?.records)
        XCTAssertEqual(records.map(\.estimator), ["lut-fitted", "flops", "lut-fitted", "flops"])
        XCTAssertEqual(records.compactMap(\.split), ["paper", "paper", "random 70/15/15", "random 70/15/15"])
        XCTAssertEqual(records.map(\.nTest), [1500, 1500, 1500, 1500])
        XCTAssertEqual(results.sampleEfficiency.map(\.nTrain), [500, 7000])
        XCTAssertEqual(results.performance.sampleEncodeArchitectures, 100_000)
        XCTAssertFalse(lines.isEmpty, "progress lines were reported")
        // The new-device study: nearest-device at 0 and 10 shots, flops (single-device) at 10 only.
        let transfer = try XCTUnwrap(results.generalization.first?.records)
        XCTAssertEqual(transfer.map(\.estimator), ["nearest-device", "nearest-device", "flops"])
        XCTAssertEqual(transfer.compactMap(\.shots), [0, 10, 10])
        XCTAssertEqual(transfer.map(\.nTest), [5000, 4990, 4990])
        XCTAssertTrue(transfer.allSatisfy { $0.target == "v100_bs64" && $0.trainDevices?.contains("v100_bs64") == false })

        let files = try ReproductionReport.write(results, evaluations: reproduction.evaluations, to: folder)
        for name in ["report.md", "report.html", "results.json"] {
            XCTAssertTrue(files.contains(folder + "/" + name), name)
        }
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as! [String: Any]
        XCTAssertNotNil(json["dataSets"])
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg"), "charts are inline")
        XCTAssertTrue(html.contains("drift"), "the RTX drift caveat is stated")
        XCTAssertTrue(html.contains("New devices: few-shot and zero-shot"))
        XCTAssertTrue(html.contains("Coverage of the nominal 90% interval"))
    }
}
