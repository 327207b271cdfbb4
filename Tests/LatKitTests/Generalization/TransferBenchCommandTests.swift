import Foundation
import XCTest

@testable import LatKit

/// `latkit bench` in the new-device protocol, and the transfer plugins through `plugins check`.
final class TransferBenchCommandTests: XCTestCase {
    func testTransferPluginsPassTheConformanceSuite() {
        let result = runCLI(["plugins", "check", TestPaths.plugin("transfer")])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        XCTAssertTrue(result.out.contains("nearest-device (estimator)"), result.out)
        XCTAssertTrue(result.out.contains("hwgen (estimator)"), result.out)
        XCTAssertTrue(result.out.contains(" 0 failed"), result.out)
    }

    func testBenchSweepsShotsAndHoldsOutEachDevice() throws {
        let path = try TransferProtocolTests.smallNASBench201(self, rows: 200)
        let plugins = ["--plugin-path", TestPaths.builtProducts]
        let sweep = runCLI(
            [
                "bench", "--space", "nasbench201", "--data", path, "--estimator", "hwgen", "--target", "titanxp_bs32", "--shots", "0,10",
                "--json",
            ]
                + plugins)
        XCTAssertEqual(sweep.status, 0, sweep.err)
        let records = try BenchmarkRecord.parseJSONLines(sweep.out)
        XCTAssertEqual(records.map(\.shots), [0, 10])
        XCTAssertEqual(records.map(\.nTest), [200, 190])
        XCTAssertEqual(records[0].target, "titanxp_bs32")
        XCTAssertEqual(records[0].trainDevices?.count, 18)
        XCTAssertFalse(records[0].trainDevices!.contains("titanxp_bs32"))
        XCTAssertNotNil(records[1].coverage90Pct)

        let holdout = runCLI(
            [
                "bench", "--space", "nasbench201", "--data", path, "--estimator", "nearest-device", "--holdout-each", "--shots", "5",
                "--train-devices", "1080ti_bs1,2080ti_bs1,titanx_bs1", "--exclude-hardware",
            ] + plugins)
        XCTAssertEqual(holdout.status, 0, holdout.err)
        XCTAssertTrue(holdout.out.contains("nearest-device, 5 shots, 3 target(s): mean Spearman"), holdout.out)

        // --ceiling: one more record per target, fitted and scored on every row of the target,
        // from the same training series as the target's runs.
        let ceiling = runCLI(
            [
                "bench", "--space", "nasbench201", "--data", path, "--estimator", "nearest-device", "--holdout-each", "--shots", "5",
                "--train-devices", "1080ti_bs1,2080ti_bs1,titanx_bs1", "--ceiling", "--json",
            ] + plugins)
        XCTAssertEqual(ceiling.status, 0, ceiling.err)
        let ceilings = try BenchmarkRecord.parseJSONLines(ceiling.out).filter { $0.estimator == "ceiling" }
        XCTAssertEqual(ceilings.map(\.target), ["1080ti_bs1", "2080ti_bs1", "titanx_bs1"])
        XCTAssertEqual(ceilings.map(\.nTest), [200, 200, 200])
        XCTAssertEqual(ceilings[0].trainDevices, ["2080ti_bs1", "titanx_bs1"])
        XCTAssertTrue(ceilings.allSatisfy { $0.spearman > 0 && $0.spearman <= 1 && $0.shots == 0 }, "\(ceilings)")

        let usage = runCLI(["bench", "--space", "nasbench201", "--data", path, "--estimator", "hwgen", "--shots", "5"] + plugins)
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.err.contains("--target"), usage.err)
        let mixed = runCLI(
            [
                "bench", "--space", "nasbench201", "--data", path, "--estimator", "hwgen", "--target", "pixel3", "--shots", "5", "--split",
                "70/15/15",
            ]
                + plugins)
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.err.contains("--split does not apply"), mixed.err)
        // The protocol's flags without the protocol are a usage mistake, not silently ignored.
        for flag in ["--ceiling", "--base-train", "--exclude-hardware"] {
            let alone = runCLI(
                ["bench", "--space", "nasbench201", "--data", path, "--target", "pixel3", "--estimator", "flops", flag] + plugins)
            XCTAssertEqual(alone.status, 2, flag)
            XCTAssertTrue(alone.err.contains("\(flag) belongs to the new-device protocol"), alone.err)
        }
    }
}
