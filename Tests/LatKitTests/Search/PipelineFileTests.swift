import Foundation
import XCTest

@testable import LatKit

/// Pipeline files: every key checked, errors naming the JSON path, relative paths resolved.
final class PipelineFileTests: XCTestCase {
    private let minimal = """
        {"version": 1, "space": {"name": "ofa-mbv3-w1.0"},
         "evaluators": {"lat": {"type": "latency", "table": "t.csv"}, "macs": {"type": "macs"}},
         "objectives": [{"evaluator": "macs"}],
         "constraints": [{"evaluator": "lat", "max": 20, "margin": "auto"}],
         "strategy": {"name": "evolution", "options": {"population": 10, "parent_ratio": 0.5, "x": true}}}
        """

    private func parse(_ text: String) throws -> Pipeline {
        try PipelineFile.parse(Data(text.utf8), file: "/work/p/pipeline.json")
    }

    private func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testAMinimalFileGetsItsDefaults() throws {
        let pipeline = try parse(minimal)
        XCTAssertEqual(pipeline.space, "ofa-mbv3-w1.0")
        XCTAssertEqual(pipeline.evaluators.map(\.name), ["lat", "macs"])
        XCTAssertEqual(pipeline.evaluators[0].estimator, "lut")
        XCTAssertEqual(pipeline.evaluators[0].options, ["table": "/work/p/t.csv"])
        XCTAssertEqual(pipeline.objectives, [SearchObjective(name: "macs", maximize: false)])
        XCTAssertEqual(
            pipeline.constraints, [SearchConstraint(evaluator: "lat", maximum: 20, minimum: nil, margin: .auto(confidence: 0.9))])
        XCTAssertEqual(pipeline.strategyOptions, ["population": "10", "parent_ratio": "0.5", "x": "true"])
        XCTAssertEqual(pipeline.budget, 50_000)
        XCTAssertEqual(pipeline.seed, 0)
    }

    func testErrorsNameTheKeyAndItsPath() {
        let file = "/work/p/pipeline.json"
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"population\": 10", with: "\"population\": [10]")),
            "\(file): strategy.options.population: expected a string, number or boolean option value, got an array")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"max\": 20", with: "\"max\": \"20\"")),
            "\(file): constraints[0].max: expected a number, got a string")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"strategy\"", with: "\"stratgy\"")),
            "\(file): stratgy: unknown key (did you mean 'strategy'?); allowed here: version, description, space, evaluators, objectives, constraints, strategy, budget, seed, outputs"
        )
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "{\"type\": \"macs\"}", with: "{\"type\": \"macs\", \"table\": \"x\"}")),
            "\(file): evaluators.macs.table: not a key of a macs evaluator (allowed: type)")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "[{\"evaluator\": \"macs\"}]", with: "[{\"evaluator\": \"mac\"}]")),
            "\(file): objectives[0].evaluator: no evaluator named 'mac' (defined: lat, macs)")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"margin\": \"auto\"", with: "\"margin\": \"safe\"")),
            "\(file): constraints[0].margin: expected a number or \"auto\", got \"safe\"")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2")),
            "\(file): version: format version 2 is newer than this latkit reads (up to 1)")
        XCTAssertEqual(
            error("{\"version\": 1"), "\(file): not valid JSON: " + error("{\"version\": 1").components(separatedBy: "not valid JSON: ")[1])
        XCTAssertEqual(error("{\"version\": 1}"), "\(file): missing key 'space'")
        XCTAssertEqual(
            error(minimal.replacingOccurrences(of: "\"margin\": \"auto\"", with: "\"margin\": \"auto\", \"confidence\": 1.5")),
            "\(file): constraints[0].confidence: expected a confidence strictly between 0.5 and 1, got 1.5")
    }

    func testAFunctionEvaluatorNeedsItsKeysAndKnownInputs() {
        let function = minimal.replacingOccurrences(
            of: "\"macs\": {\"type\": \"macs\"}",
            with:
                "\"macs\": {\"type\": \"macs\"}, \"f\": {\"type\": \"function\", \"library\": \"lib.so\", \"symbol\": \"f\", \"signature\": \"d(d)\", \"inputs\": [\"latency\"]}"
        )
        XCTAssertEqual(
            error(function), "/work/p/pipeline.json: evaluators.f.inputs[0]: no evaluator named 'latency' (defined: f, lat, macs)")
        let objective = function.replacingOccurrences(of: "[\"latency\"]", with: "[\"lat\"]").replacingOccurrences(
            of: "[{\"evaluator\": \"macs\"}]", with: "[{\"evaluator\": \"f\"}]")
        XCTAssertEqual(
            error(objective), "/work/p/pipeline.json: objectives[0]: a function objective needs \"goal\": \"maximize\" or \"minimize\"")
    }
}
