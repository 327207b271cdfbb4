import Foundation
import XCTest

@testable import LatKit

/// `latkit search` on the shipped example pipelines, each with a small budget so the suite stays
/// fast, and its errors.
final class SearchCommandTests: XCTestCase {
    private func pipeline(_ name: String) -> String { TestPaths.repository + "/pipelines/\(name).json" }

    /// Runs `latkit search --json` and decodes the outcome.
    private func search(_ arguments: [String]) throws -> (json: [String: Any], err: String) {
        let result = runCLI(["search", "--json"] + arguments)
        XCTAssertEqual(result.status, 0, result.err)
        let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        return (try XCTUnwrap(object, result.out), result.err)
    }

    private func results(_ json: [String: Any]) -> [[String: Any]] { json["results"] as? [[String: Any]] ?? [] }
    private func value(_ result: [String: Any], _ name: String) -> Double { (result["values"] as? [String: Double])?[name] ?? .nan }
    private func std(_ result: [String: Any], _ name: String) -> Double { (result["std"] as? [String: Double])?[name] ?? .nan }

    func testNote10LookupTableEvolutionHoldsItsConstraintAndIsRepeatable() throws {
        let arguments = ["--config", pipeline("note10_lut_evolution"), "--budget", "1200", "--set", "generations=6"]
        let (json, err) = try search(arguments)
        let found = results(json)
        XCTAssertFalse(found.isEmpty)
        XCTAssertLessThanOrEqual(json["evaluations"] as? Int ?? .max, 1200)
        for result in found {
            XCTAssertLessThanOrEqual(value(result, "note10_ms"), 25)
            XCTAssertEqual(result["feasible"] as? Bool, true)
        }
        // The OFA accuracy predictor gives w1.2 networks near 25 ms about 80% top-1.
        XCTAssertGreaterThan(value(found[0], "accuracy"), 0.78)
        XCTAssertGreaterThan(value(found[0], "macs"), 1e8)
        // One progress line per generation on standard error.
        XCTAssertEqual(err.components(separatedBy: "\n").filter { $0.hasPrefix("evolution: generation ") }.count, 7, err)
        // Same seed, same result.
        let (again, _) = try search(arguments)
        XCTAssertEqual(results(again).map { $0["architecture"] as? String }, found.map { $0["architecture"] as? String })
    }

    func testTheTextReportShowsTheBestArchitectureAndItsCosts() {
        let result = runCLI(["search", "--config", pipeline("note10_lut_evolution"), "--budget", "300", "--set", "generations=1"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].hasPrefix("best: ks="), result.out)
        XCTAssertTrue(lines[1].hasPrefix("  accuracy 0."), result.out)
        XCTAssertTrue(lines[1].contains("note10_ms ") && lines[1].contains("(std "), result.out)
        XCTAssertTrue(lines[2].contains("evolution 1.0.0, seed 0: ") && lines[2].contains(" evaluations in "), result.out)
        XCTAssertEqual(lines[3], "  constraints: note10_ms <= 25")
    }

    func testALearnedModelFindsNetworksTheLookupTableAgreesWith() throws {
        let (json, _) = try search(["--config", pipeline("note10_learned_vs_lut"), "--budget", "800", "--set", "generations=4"])
        let found = results(json)
        XCTAssertFalse(found.isEmpty)
        for result in found {
            let learned = value(result, "learned_ms")
            XCTAssertLessThanOrEqual(learned + 1.2815516 * std(result, "learned_ms"), 25 + 1e-9)
            // The shipped lut-fitted model (validation RMSE 0.0027 ms) against the table itself.
            XCTAssertEqual(learned, value(result, "lut_ms"), accuracy: 0.02)
        }
    }

    func testTwoDeviceConstraintsHoldTogether() throws {
        let (json, _) = try search(["--config", pipeline("two_devices_w10"), "--budget", "800", "--set", "generations=4"])
        let found = results(json)
        XCTAssertFalse(found.isEmpty)
        for result in found {
            XCTAssertLessThanOrEqual(value(result, "rtx2080ti_ms"), 25)
            XCTAssertLessThanOrEqual(value(result, "p40_ms"), 40)
        }
        XCTAssertEqual(json["constraints"] as? [String], ["rtx2080ti_ms <= 25", "p40_ms <= 40"])
    }

    func testNSGA2WritesAFeasibleFrontWithMarginAutoAndItsFiles() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (json, _) = try search(["--config", pipeline("note10_nsga2"), "--budget", "600", "--set", "generations=5", "--out", folder])
        let front = results(json)
        XCTAssertGreaterThan(front.count, 3)
        for result in front {
            // Margin auto at 90%: mean + 1.2816 std must be within 35 ms.
            XCTAssertLessThanOrEqual(value(result, "note10_ms") + 1.2815516 * std(result, "note10_ms"), 35 + 1e-9)
        }
        for a in front {
            for b in front where value(b, "accuracy") > value(a, "accuracy") {
                XCTAssertGreaterThan(value(b, "note10_ms"), value(a, "note10_ms"), "a front member dominates another")
            }
        }
        let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.first, "rank,architecture,feasible,accuracy,accuracy_std,note10_ms,note10_ms_std")
        XCTAssertEqual(csv.count, front.count + 1)
        let svg = try String(contentsOfFile: folder + "/results.svg", encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(80)))
        XCTAssertTrue(svg.contains("accuracy against note10_ms"))
    }

    func testAUserObjectiveInCIsCalledThroughLibFFI() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Build the example's C function and point a copy of the pipeline at it.
        let library = try CFixtures.build("pipelines/user_objective/score.c", name: "score", in: folder)
        var text = try String(contentsOfFile: pipeline("user_objective"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"user_objective/libscore.so\"", with: "\"\(library)\"")
        text = text.replacingOccurrences(of: "\"../data/", with: "\"\(TestPaths.data)/")
        let copy = folder + "/user_objective.json"
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        let (json, _) = try search(["--config", copy, "--budget", "600", "--set", "generations=4"])
        for result in results(json) {
            let latency = value(result, "note10_ms")
            let expected = value(result, "accuracy") - 0.005 * max(0, latency - 20)
            XCTAssertEqual(value(result, "score"), expected, accuracy: 1e-12)
            XCTAssertLessThanOrEqual(latency, 30)
        }
    }

    func testAnUnreachableConstraintSaysSoWithTheSmallestLatencySeen() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var text = try String(contentsOfFile: pipeline("note10_lut_evolution"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"max\": 25", with: "\"max\": 2").replacingOccurrences(
            of: "\"../data/", with: "\"\(TestPaths.data)/")
        try text.write(toFile: folder + "/p.json", atomically: true, encoding: .utf8)
        let result = runCLI(["search", "--config", folder + "/p.json", "--set", "max_tries=2"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("meets the constraints"), result.err)
        XCTAssertTrue(result.err.contains("smallest note10_ms seen "), result.err)
        XCTAssertTrue(result.err.contains("(limit 2.000)"), result.err)
    }

    func testSetupMistakesNameTheKeyOrTheSymbol() throws {
        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try CFixtures.build("pipelines/user_objective/score.c", name: "score", in: folder)
        var text = try String(contentsOfFile: pipeline("user_objective"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"user_objective/libscore.so\"", with: "\"\(library)\"")
        text = text.replacingOccurrences(of: "\"../data/", with: "\"\(TestPaths.data)/")
        try text.replacingOccurrences(of: "\"symbol\": \"score\"", with: "\"symbol\": \"scor\"").write(
            toFile: folder + "/a.json", atomically: true, encoding: .utf8)
        let noSymbol = runCLI(["search", "--config", folder + "/a.json"])
        XCTAssertEqual(noSymbol.status, 1)
        XCTAssertEqual(noSymbol.err, "latkit search: evaluator score: \(library) exports no function 'scor'\n")

        try text.replacingOccurrences(of: "\"signature\": \"d(d,d)\"", with: "\"signature\": \"d(d)\"").write(
            toFile: folder + "/b.json", atomically: true, encoding: .utf8)
        let badSignature = runCLI(["search", "--config", folder + "/b.json"])
        XCTAssertEqual(badSignature.status, 1)
        XCTAssertEqual(badSignature.err, "latkit search: evaluator score: signature d(d) takes 1 argument(s), but 2 input(s) are given\n")

        // margin auto on an evaluator without a standard deviation (the user function).
        try text.replacingOccurrences(
            of: "{ \"evaluator\": \"note10_ms\", \"max\": 30 }", with: "{ \"evaluator\": \"score\", \"min\": 0.5, \"margin\": \"auto\" }"
        ).write(toFile: folder + "/c.json", atomically: true, encoding: .utf8)
        let noStd = runCLI(["search", "--config", folder + "/c.json"])
        XCTAssertEqual(noStd.status, 1)
        XCTAssertEqual(
            noStd.err,
            "latkit search: \(folder)/c.json: constraints[0].margin: \"auto\" needs a standard deviation, and evaluator 'score' has none\n")
    }

    func testHelpShowsEveryOptionAndThePipelineKeys() {
        let result = runCLI(["search", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(
            result.out,
            """
            Run a NAS pipeline file: search space, evaluators, objectives, constraints, strategy

            USAGE: latkit search --config FILE [options]

            The pipeline file is JSON (format version 1; see README.md, "Compose your own pipeline"). Keys: version, space
            {name, options}, evaluators {NAME: {type: latency|accuracy|macs|params|function, ...}}, objectives [{evaluator,
            goal}], constraints [{evaluator, max|min, margin: number|"auto", confidence}], strategy {name, options}, budget,
            seed, outputs {top, dir}. Relative paths are resolved against the file's folder. Progress, one line per
            generation, goes to standard error. --out DIR writes results.csv (the final population or Pareto front) and
            results.svg (the first maximized objective against the first minimized or constrained one).

            OPTIONS:
              --config FILE             the pipeline file [required]
              --json                    print the outcome as JSON instead of text
              --out DIR                 write results.csv and results.svg into DIR (default: the file's outputs.dir, if any)
              --budget N                override the file's budget (most architectures evaluated)
              --seed K                  override the file's seed
              --set KEY=VALUE           override a strategy option, e.g. generations=5 (repeatable)
              --plugin-path DIR         also look for plugins in DIR (searched first; repeatable)
              --isolate                 run every plugin in a child process (default: only those not shipped with latkit)
              --no-isolate              run every plugin in-process, even one loaded by path
              --timeout SECONDS         kill an isolated plugin whose call takes longer (default: no limit)
              --help                    show this help

            """)
    }

    func testMissingFilesAndUsageMistakesAreNamed() throws {
        XCTAssertEqual(runCLI(["search"]).status, 2)
        let missing = runCLI(["search", "--config", "/nonexistent/p.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, "latkit search: /nonexistent/p.json: cannot be read\n")

        let folder = try CFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var text = try String(contentsOfFile: pipeline("two_devices_w10"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"../data/", with: "\"\(TestPaths.data)/")
        try text.write(toFile: folder + "/p.json", atomically: true, encoding: .utf8)
        let noModel = runCLI(["search", "--config", folder + "/p.json"])
        XCTAssertEqual(noModel.status, 1)
        XCTAssertEqual(
            noModel.err, "latkit search: evaluator p40_ms: model file \(folder)/models/tesla_p40_lut_fitted.lkm does not exist\n")

        try text.replacingOccurrences(of: "\"estimator\": \"mlp\"", with: "\"estimator\": \"mpl\"").replacingOccurrences(
            of: "\"models/", with: "\"\(TestPaths.repository)/pipelines/models/"
        ).write(toFile: folder + "/q.json", atomically: true, encoding: .utf8)
        let noPlugin = runCLI(["search", "--config", folder + "/q.json"])
        XCTAssertEqual(noPlugin.status, 1)
        XCTAssertTrue(noPlugin.err.hasPrefix("latkit search: ") && noPlugin.err.contains("'mpl'"), noPlugin.err)
        XCTAssertEqual(noPlugin.err.components(separatedBy: "\n").count, 2, "one line: \(noPlugin.err)")
    }
}
