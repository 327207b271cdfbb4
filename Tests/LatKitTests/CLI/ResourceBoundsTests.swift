import Foundation
import XCTest

@testable import LatKit

/// Counts from outside are checked against `CountLimits` before anything is allocated (a usage
/// error, exit 2), and an absurd latency in a data file is flagged by `data info` and refused by
/// `train` and `bench` with the file and line.
final class ResourceBoundsTests: XCTestCase {
    private let plugins = ["--plugin-path", TestPaths.builtProducts]
    private let paperData = TestPaths.data + "/ofanas_paper/ofa_paper_latency.csv"

    /// Before: `sample -n 1000000000` allocated until the system killed it, and `--repeats
    /// 10000000000` was accepted.
    func testHugeCountsAreUsageErrorsBeforeAnyWork() {
        let cases: [([String], String)] = [
            (["sample", "--space", "ofa-mbv3-w1.0", "-n", "1000000000"], "--count must be 0...1000000, got 1000000000"),
            (["sample", "--space", "ofa-mbv3-w1.0", "--count=-1"], "--count must be 0...1000000, got -1"),
            (
                ["bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--estimator", "flops", "--repeats", "10000000000"],
                "--repeats must be 1...10000, got 10000000000"
            ),
            (
                ["bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--estimator", "flops", "--train-size", "100,100000000000"],
                "--train-size values must be 1...10000000, got 100000000000"
            ),
            (
                ["bench", "--space", "ofa-mbv3-w1.0", "--data", paperData, "--estimator", "flops", "--train-size", "100,"],
                "--train-size needs whole numbers, got ''"
            ),
            (
                ["profile", "--space", "ofa-mbv3-w1.0", "-n", "2000000", "--db", "/nonexistent/x.sqlite"],
                "--count must be 1...1000000, got 2000000"
            ),
        ]
        for (arguments, message) in cases {
            let result = runCLI(arguments + plugins)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains(message), "\(arguments): \(result.err)")
        }
        XCTAssertEqual(runCLI(["sample", "--space", "ofa-mbv3-w1.0", "-n", "3"] + plugins).out.split(separator: "\n").count, 3)
    }

    /// A latency of 1e308 ms on line 5: before, it was read as a latency and every metric became
    /// huge or inf; now `data info` flags it and `train` refuses it with the file and line.
    func testAnAbsurdLatencyIsFlaggedAndRefused() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var lines = try String(contentsOfFile: paperData, encoding: .utf8).split(separator: "\n").prefix(41).map(String.init)
        var fields = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[5] = "1e308"
        lines[4] = fields.joined(separator: ",")
        let path = folder + "/absurd.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let info = runCLI(["data", "info", path] + plugins)
        XCTAssertEqual(info.status, 0, info.err)
        XCTAssertTrue(info.out.contains("rtx_2080_ti_ms: 1 above 1000000 ms cells"), info.out)

        let train = runCLI(
            [
                "train", "--space", "ofa-mbv3-w1.0", "--data", path, "--target", "rtx_2080_ti_ms", "--estimator", "flops", "--out",
                folder + "/m.lkm",
            ]
                + plugins)
        XCTAssertEqual(train.status, 1, train.out)
        XCTAssertTrue(
            train.err.contains(
                "\(path):5: column 'rtx_2080_ti_ms': latency 1e308 ms is above the ceiling of 1000000 ms; a unit or parsing mistake?"),
            train.err)
        let bench = runCLI(
            [
                "bench", "--space", "ofa-mbv3-w1.0", "--data", path, "--target", "rtx_2080_ti_ms", "--estimator", "flops", "--train-rows",
                "0:30", "--test-rows", "30:",
            ] + plugins)
        XCTAssertEqual(bench.status, 1, bench.out)
        XCTAssertTrue(bench.err.contains("\(path):5: column 'rtx_2080_ti_ms': latency 1e308 ms is above the ceiling"), bench.err)
        XCTAssertEqual(LatencyCell.ceiling, 1e6)
    }
}
