import Foundation
import XCTest

@testable import LatKit

/// The NAS section of `latkit reproduce`, on a small plan: one limit, small models, a small budget.
final class NASComparisonTests: XCTestCase {
    func testASmallPlanSearchesEveryModelAndWritesItsSection() throws {
        var plan = NASComparisonPlan.standard(dataFolder: TestPaths.data, quick: true)
        plan.trainingRows = [300, 100]
        plan.budget = 600
        plan.frontGenerations = 3
        XCTAssertEqual(plan.extraDraws, 0, "the quick plan draws no more")
        plan.extraDraws = 1
        XCTAssertEqual(plan.limits, [25])
        let catalog = try TestPaths.catalog("ofa", "lut", "mlp", "search")
        var lines: [String] = []
        let results = try NASComparison(catalog: catalog, plan: plan) { lines.append($0) }.run()

        // Lookup table; each model without and with margin auto; random search.
        XCTAssertEqual(
            results.searches.map { "\($0.strategy)|\($0.latencyModel)|\($0.marginAuto)" },
            [
                "evolution|lookup table|false", "evolution|mlp, 300 rows|false", "evolution|mlp, 300 rows|true",
                "evolution|mlp, 100 rows|false", "evolution|mlp, 100 rows|true", "random|lookup table|false",
            ])
        for search in results.searches {
            XCTAssertLessThanOrEqual(search.evaluations, 600)
            XCTAssertLessThanOrEqual(search.predictedMs, 25, "the searched model holds the limit")
            XCTAssertGreaterThan(search.top1, 70)
            if search.latencyModel == "lookup table" {
                XCTAssertEqual(search.predictedMs, search.trueMs, "the table is the truth")
                XCTAssertFalse(search.violates)
            }
        }
        XCTAssertEqual(Set(results.modelRMSE.keys), ["mlp, 300 rows", "mlp, 100 rows"])
        // One more draw of the smallest model, searched with margin auto at the one limit.
        XCTAssertEqual(results.redraws.count + results.redrawsUnreachable, 1)
        XCTAssertTrue(results.redraws.allSatisfy { $0.latencyModel == "mlp, 100 rows, draw 1" && $0.marginAuto && $0.evaluations <= 600 })
        XCTAssertFalse(results.front.isEmpty)
        XCTAssertTrue(results.front.allSatisfy { $0.latencyMs <= 25 })
        XCTAssertEqual(results.front.map(\.latencyMs), results.front.map(\.latencyMs).sorted())
        XCTAssertEqual(lines.filter { $0.hasPrefix("NAS: evolution + ") || $0.hasPrefix("NAS: random + ") }.count, 6)

        // The report section: one row per search.
        var document = ReportDocument(title: "t", subtitle: "s")
        results.addSection(to: &document)
        let markdown = document.markdown(figureFolder: "figures").text
        XCTAssertTrue(markdown.contains("NAS: latency-constrained search on Note10"), markdown)
        let rows = markdown.split(separator: "\n").filter {
            $0.hasPrefix("|") && $0.contains(" 25 | ") && ($0.contains("| evolution ") || $0.contains("| random "))
        }
        XCTAssertEqual(rows.count, 6, markdown)
        XCTAssertTrue(markdown.contains("on other draws of the smallest model's training rows (seeds 1 to"), markdown)
        XCTAssertTrue(rows.last?.contains("| random ") == true && rows.last?.contains("| lookup table ") == true, markdown)
        // The 300-row model has no target of its own; the 100-row model's and the front's apply.
        XCTAssertEqual(
            results.targets().map(\.target),
            [
                "Note10 NAS, mlp, 100 rows: top-1 behind the lookup table's at every limit",
                "Note10 NAS, mlp, 100 rows, margin auto: true-latency violations",
                "Note10 NAS: NSGA-II front behind the best single-constraint evolution at every limit",
            ])
    }

    /// The redraw table counts the networks the model underestimated, the selection effect a
    /// margin must absorb: here 2 of 3 at 20 ms (one by 0.5 ms, breaking the limit), 0 of 1 at 25 ms.
    func testTheRedrawTableCountsUnderestimatedWinners() {
        func search(_ limit: Double, predicted: Double, true actual: Double) -> NASComparisonResults.Search {
            .init(
                limit: limit, latencyModel: "mlp, 100 rows, draw 1", strategy: "evolution", marginAuto: true, top1: 80,
                predictedMs: predicted, trueMs: actual, evaluations: 100, seconds: 1)
        }
        let results = NASComparisonResults(
            searches: [], front: [], modelRMSE: [:], budget: 100,
            redraws: [
                search(20, predicted: 19.0, true: 19.5), search(20, predicted: 19.5, true: 20.5), search(20, predicted: 19.0, true: 18.0),
                search(25, predicted: 24.0, true: 23.0),
            ], redrawsUnreachable: 0, redrawCount: 4)
        var document = ReportDocument(title: "t", subtitle: "s")
        results.addSection(to: &document)
        let markdown = document.markdown(figureFolder: "figures").text
        XCTAssertTrue(markdown.contains("1 of 4 searches returned a network whose true latency breaks the limit"), markdown)
        // (0.5 + 1.0 - 1.0 - 1.0) / 4 = -0.125 ms.
        XCTAssertTrue(markdown.contains("the model underestimated 2 of 4 (true minus predicted latency -0.125 ms on average)"), markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }.map {
            $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(rows.first { $0.first == "20" }, ["20", "3", "1", "19.167", "19.333", "2", "80.00"], markdown)
        XCTAssertEqual(rows.first { $0.first == "25" }, ["25", "1", "0", "24.000", "23.000", "0", "80.00"], markdown)
    }
}
