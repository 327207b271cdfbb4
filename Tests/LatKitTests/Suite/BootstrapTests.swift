import LatKitRandom
import XCTest

@testable import LatKit

/// The suite's statistics: a bootstrap interval on a known distribution, a tie called a tie, a
/// clear difference called a win.
final class BootstrapTests: XCTestCase {
    func testTheIntervalOfAMeanMatchesTheNormalTheory() {
        // 400 draws of N(0, 1) in one unit: the mean's 95% interval is about +-1.96 / 20 = +-0.098.
        var generator = SeededGenerator(seed: 3)
        let values = (0..<400).map { _ in generator.normal() }
        let mean = values.reduce(0, +) / 400
        let interval = Bootstrap(resamples: 2_000, seed: 1).interval(rowCounts: [400], estimate: mean) { draws in
            draws.flatMap { draw in draw.rows.map { values[$0] } }.reduce(0, +) / 400
        }
        XCTAssertTrue(interval.contains(mean))
        XCTAssertEqual(interval.upper - interval.lower, 2 * 1.96 / 20, accuracy: 0.03, "\(interval)")
        XCTAssertEqual((interval.upper + interval.lower) / 2, mean, accuracy: 0.02)
    }

    func testPercentilesInterpolate() {
        XCTAssertEqual(Bootstrap.percentile([1, 2, 3, 4, 5], 0.5), 3)
        XCTAssertEqual(Bootstrap.percentile([1, 2, 3, 4, 5], 0.125), 1.5)
        XCTAssertEqual(Bootstrap.percentile([7], 0.975), 7)
    }

    /// Two estimators whose errors are equally large (independent noise of the same scale) tie;
    /// one with errors half as large wins, and the worse one loses against it.
    func testATieIsCalledATieAndAClearDifferenceIsNot() {
        var generator = SeededGenerator(seed: 9)
        let task = SuiteTask.singleDevice(id: "t", title: "t", regime: .manyRows, file: "", space: "", target: "", split: .paper)
        func unit(_ seed: Int, noise: Double) -> SuiteUnitResult {
            let actual = (0..<300).map { _ in 10 + generator.double() * 5 }
            return SuiteUnitResult(
                unit: "seed \(seed)", rows: Array(0..<300), actual: actual, predicted: actual.map { $0 + noise * generator.normal() },
                fitSeconds: 0, predictMicroseconds: 0, modelBytes: nil)
        }
        func units(noise: Double) -> [SuiteUnitResult] {
            (0..<3).map { seed in
                var result = unit(seed, noise: noise)
                result.actual = reference[seed].actual
                result.predicted = reference[seed].actual.map { $0 + noise * generator.normal() }
                return result
            }
        }
        let reference = (0..<3).map { unit($0, noise: 0) }
        let scores = TaskScores(
            task: task,
            outcomes: [
                ("a", true, .scored(units(noise: 0.5))), ("b", true, .scored(units(noise: 0.5))), ("c", false, .scored(units(noise: 0.25))),
                ("d", false, .notApplicable("needs devices")),
            ], bootstrap: Bootstrap(resamples: 1_000))
        let entry = { (name: String) in scores.entries.first { $0.estimator == name }! }
        XCTAssertEqual(scores.units, 3)
        XCTAssertEqual(scores.testRows, 900)
        let best = scores.bestBuiltIn!
        let other = best == "a" ? "b" : "a"
        XCTAssertEqual(entry(other).verdict, .tie, "equal noise: \(entry(other).versusBest!)")
        XCTAssertTrue(entry(other).versusBest!.contains(0))
        XCTAssertEqual(entry("c").verdict, .win, "half the noise: \(entry("c").versusBest!)")
        XCTAssertEqual(entry("c").rank, 1)
        XCTAssertNil(entry("d").rank)
        XCTAssertEqual(entry("d").status, "n/a: needs devices")
        XCTAssertEqual(entry("c").metric!.estimate, 0.25, accuracy: 0.03)
        XCTAssertEqual(PairwiseVerdict.of(ConfidenceInterval(estimate: 0.1, lower: 0.05, upper: 0.2), higherIsBetter: true), .win)
        XCTAssertEqual(PairwiseVerdict.of(ConfidenceInterval(estimate: 0.1, lower: 0.05, upper: 0.2), higherIsBetter: false), .loss)
    }
}
