import Foundation
import XCTest

@testable import LatKit

/// The "Real latency on this machine" section of `reproduce`: a tiny study (one resolution, six
/// subnets, three shots) runs every step and fills the report and results.json; without ONNX
/// Runtime it is skipped with a message, and a missing library is reported as a skipped section.
final class MeasurementStudyTests: XCTestCase {
    private func catalog() throws -> PluginCatalog {
        try TestPaths.catalog("ofa", "onnxruntime", "lut", "mlp", "flops", "search")
    }

    /// The standard plan cut to seconds: one resolution, 6 subnets, 3 shots (the fine-tuned model
    /// adapts with 5: its cross-validation needs them), a small base fitted on 300 rows and adapted
    /// by `stack`, 200 evaluations.
    private func tinyPlan(folder: String) -> MeasurementStudyPlan {
        var plan = MeasurementStudyPlan.standard(dataFolder: TestPaths.data, folder: folder, quick: true)
        plan.settings = MeasurementSettings(warmupRuns: 1, timedRuns: 3, batchSize: 1, threads: 1)
        plan.resolutions = [224]
        plan.subnets = 11
        plan.repeats = 2
        plan.shots = 6
        plan.fewShots = 5
        plan.base.trainRows = 0..<300
        plan.base.validationRows = 300..<400
        // One residual network and few epochs: the base's structure is tested, not its accuracy.
        plan.finetuneOptions = ["strategy": "stack", "ensemble": "1", "epochs": "5", "linear": "raw"]
        plan.searchBudget = 200
        plan.topMeasured = 2
        return plan
    }

    func testATinyStudyFillsTheSectionAndResults() throws {
        _ = try ONNXRuntimeSessionTests.library()
        let folder = try TemporaryFolder()
        let plan = tinyPlan(folder: folder.path + "/" + MeasurementStudy.folderName)
        // A stale file from an earlier run is removed: the timings start from an empty store.
        try FileManager.default.createDirectory(atPath: plan.folder, withIntermediateDirectories: true)
        try "stale".write(toFile: plan.folder + "/stale.txt", atomically: true, encoding: .utf8)
        var lines: [String] = []
        let results = MeasurementStudy(catalog: try catalog(), plan: plan) { lines.append($0) }.run()
        XCTAssertEqual(results.status, "ran", results.reason ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan.folder + "/stale.txt"))
        for file in ["measurements.sqlite", "lut.csv", "pipeline.json", MeasurementStudy.modelFileName] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: plan.folder + "/" + file), file)
        }

        let table = try XCTUnwrap(results.lookupTable)
        XCTAssertEqual(table.resolutions, [224])
        XCTAssertEqual(table.distinctOperators, table.singleOperators)
        XCTAssertGreaterThan(table.entries, 80)
        XCTAssertGreaterThanOrEqual(table.allSeconds, table.singleSeconds)
        XCTAssertEqual(results.subnets?.count, 11)
        XCTAssertEqual(results.noise?.count, 2)
        // The quick plan checks 2 of the repeated subnets interleaved with their operators; their
        // ratios are real timings (printed), only their count and sanity are asserted.
        XCTAssertEqual(plan.interleavedSubnets, 2)
        let interleaved = try XCTUnwrap(results.interleaved)
        XCTAssertEqual(interleaved.ratios.count, 2)
        XCTAssertEqual(interleaved.storedRatios.count, 2)
        XCTAssertTrue((interleaved.ratios + interleaved.storedRatios).allSatisfy { $0.isFinite && $0 > 0 }, "\(interleaved)")
        print("interleaved ratios \(interleaved.ratios), stored \(interleaved.storedRatios)")
        XCTAssertEqual(results.heldOutMs.count, 5)
        XCTAssertEqual(
            results.comparisons.map(\.record.estimator),
            [
                "lut (this machine)", "lut x one factor (6 shots)", "lut-fitted", "mlp (default)", "flops", "finetune (6 shots)",
                "finetune (5 shots)",
            ])
        for comparison in results.comparisons {
            XCTAssertEqual(comparison.predictedMs.count, 5, comparison.record.estimator)
            XCTAssertTrue(comparison.record.mapePct.isFinite, comparison.record.estimator)
        }
        XCTAssertEqual(results.finetuneChoices.count, 2)
        let search = try XCTUnwrap(results.search)
        XCTAssertLessThanOrEqual(search.evaluations, 200)
        XCTAssertFalse(search.top.isEmpty)
        XCTAssertTrue(search.top.allSatisfy { $0.measuredMs > 0 && $0.predictedMs <= search.budgetMs })
        XCTAssertNotNil(results.machine?.description["engine"])

        // The pipeline the section wrote runs as a user would run it.
        let pipeline = try PipelineFile.read(path: plan.folder + "/pipeline.json")
        XCTAssertEqual(pipeline.constraints.first?.maximum, search.budgetMs)

        let checks = results.targets()
        XCTAssertEqual(checks.count, 4)
        XCTAssertTrue(checks.allSatisfy { !$0.measured.contains("not measured") }, "\(checks)")
        var document = ReportDocument(title: "t")
        results.addSection(to: &document)
        let markdown = document.markdown().text
        for text in [
            "Real latency on this machine", "Steps, each timed", "held-out subnets", "repeat measurement", "The search's best networks",
            "3b. 2 of them timed interleaved with their operators", "Timed in the same moments as 2 of the subnets",
        ] {
            XCTAssertTrue(markdown.contains(text), text)
        }
        let json = String(decoding: try JSONEncoder().encode(results), as: UTF8.self)
        for key in [
            "\"lookupTable\"", "\"noise\"", "\"comparisons\"", "\"search\"", "\"heldOutMs\"", "\"violations\"", "\"errorPct\"",
            "\"storedRatios\"",
        ] {
            XCTAssertTrue(json.contains(key), key)
        }
        print(lines.joined(separator: "\n"))
    }

    func testAMissingLibrarySkipsTheSection() throws {
        let folder = try TemporaryFolder()
        var plan = tinyPlan(folder: folder.path + "/m")
        plan.profilerOptions["ort_lib"] = folder.path + "/no-such-libonnxruntime.so"
        let results = MeasurementStudy(catalog: try catalog(), plan: plan) { _ in }.run()
        XCTAssertEqual(results.status, "skipped")
        XCTAssertTrue(results.reason?.contains("onnxruntime-cpu") == true, results.reason ?? "")
        XCTAssertNil(results.lookupTable)
        let checks = results.targets()
        XCTAssertEqual(checks.count, 4)
        XCTAssertTrue(checks.allSatisfy { !$0.met && $0.measured == "not measured (skipped)" }, "\(checks)")
        var document = ReportDocument(title: "t")
        results.addSection(to: &document)
        XCTAssertTrue(document.markdown().text.contains("This section was skipped"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan.folder), "a skipped section writes nothing")
    }
}

/// The standard section at full size, by hand: `LATKIT_BENCH=1 swift test -c release --filter
/// MeasurementStudyBenchmark` (about a minute of measurement). `LATKIT_STUDY_BASE=<column>` fits
/// `finetune`'s base on another column of the OFANAS paper file (rtx_2080_ti_ms, tesla_p40_ms,
/// note10_lut_ms) to compare bases. Prints the figures; asserts nothing about them.
final class MeasurementStudyBenchmark: XCTestCase {
    func testTheStandardStudy() throws {
        guard ProcessInfo.processInfo.environment["LATKIT_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set LATKIT_BENCH=1 and build in release")
        }
        _ = try ONNXRuntimeSessionTests.library()
        let folder = try TemporaryFolder()
        var plan = MeasurementStudyPlan.standard(dataFolder: TestPaths.data, folder: folder.path + "/measurement", quick: false)
        if ProcessInfo.processInfo.environment["LATKIT_STUDY_BASES"] == "1" {
            plan.otherBases = ["rtx_2080_ti_ms", "tesla_p40_ms", "note10_lut_ms"].filter { $0 != plan.base.target }.map { column in
                var base = plan.base
                base.target = column
                base.label = column
                return base
            }
        }
        let clock = Stopwatch()
        let results = MeasurementStudy(catalog: try TestPaths.catalog("ofa", "onnxruntime", "lut", "mlp", "flops", "search"), plan: plan) {
            print(String(format: "[%5.1fs] ", clock.seconds) + $0)
        }.run()
        XCTAssertEqual(results.status, "ran", results.reason ?? "")
        var document = ReportDocument(title: "study")
        results.addSection(to: &document)
        print(document.markdown().text)
        for check in results.targets() { print("TARGET \(check.target): \(check.measured) (\(check.met ? "met" : "NOT met"))") }
    }
}
