import LatKitRandom
import XCTest

@testable import LatKit

final class ChartTests: XCTestCase {
    func testScatterPutsPointsAtTheirPixelsAndDrawsTheDiagonal() {
        let chart = ScatterChart(
            title: "pred vs meas", series: [ScatterSeries(name: "mlp", measured: [0, 50, 100, 20], predicted: [0, 50, 100, 80])])
        let area = chart.plotArea()
        XCTAssertEqual(area.xAxis.lower, 0)
        XCTAssertEqual(area.xAxis.upper, 100)
        XCTAssertEqual(area.yAxis.upper, 100)
        XCTAssertEqual(area.width, area.height, "square plot so y = x runs at 45 degrees")
        let parsed = XMLCheck.parse(chart.render().render())
        let circles = parsed.elements.filter { $0.name == "circle" && $0.attributes["r"] == "2" }.map(\.attributes)
        XCTAssertEqual(circles.count, 4)
        func has(_ x: Double, _ y: Double) -> Bool {
            circles.contains { $0["cx"] == SVGNumber.format(x) && $0["cy"] == SVGNumber.format(y) }
        }
        XCTAssertTrue(has(area.left, area.bottom))
        XCTAssertTrue(has(area.left + area.width / 2, area.top + area.height / 2))
        XCTAssertTrue(has(area.right, area.top))
        XCTAssertTrue(has(area.left + area.width * 0.2, area.bottom - area.height * 0.8))
        // The y = x diagonal runs corner to corner.
        let diagonal = parsed.elements(named: "line").first {
            $0["x1"] == SVGNumber.format(area.left) && $0["y1"] == SVGNumber.format(area.bottom)
                && $0["x2"] == SVGNumber.format(area.right) && $0["y2"] == SVGNumber.format(area.top)
        }
        XCTAssertNotNil(diagonal)
    }

    func testScatterOfManyPointsStaysSmall() {
        var rng = SeededGenerator(seed: 7)
        let measured = (0..<20000).map { _ in 10 + 40 * rng.double() }
        let predicted = measured.map { $0 * (1 + 0.05 * rng.normal()) }
        let svg = ScatterChart(title: "big", series: [ScatterSeries(name: "a", measured: measured, predicted: predicted)]).render().render()
        XCTAssertLessThan(svg.utf8.count, 20000 * 45)
        XCTAssertNil(svg.range(of: #"\.\d\d"#, options: .regularExpression), "coordinates are rounded to 0.1 px")
    }

    func testHistogramBinsCountEveryValueOnce() {
        var rng = SeededGenerator(seed: 3)
        let a = (0..<1000).map { _ in rng.normal() * 4 }
        var b = (0..<357).map { _ in 2 + rng.normal() * 6 }
        b += [250, -90, .nan]  // outliers and one non-finite value
        let bins = HistogramBins.automatic([a, b], clipQuantile: 0.005)
        XCTAssertEqual(bins.counts[0].reduce(0, +), 1000)
        XCTAssertEqual(bins.counts[1].reduce(0, +), 359)
        XCTAssertEqual(bins.excluded, [0, 1])
        XCTAssertEqual(bins.clamped, [0, 2], "only the two far outliers lie beyond the bins")
        XCTAssertTrue((5...60).contains(bins.binCount), "\(bins.binCount) bins")
        let widths = zip(bins.edges, bins.edges.dropFirst()).map { $1 - $0 }
        XCTAssertEqual(widths.max()! - widths.min()!, 0, accuracy: 1e-9)
        XCTAssertEqual(ChartAxis.niceStep(widths[0]), widths[0], accuracy: 1e-12, "round bin width")

        let fixed = HistogramBins(edges: [0, 1, 2, 3], sets: [[0, 0.5, 1, 2.9, 3, -1, 7]])
        XCTAssertEqual(fixed.counts, [[3, 1, 3]])
        XCTAssertEqual(fixed.clamped, [2])
        let single = HistogramBins.automatic([[4, 4, 4]])
        XCTAssertEqual(single.counts, [[3]])
    }

    func testAllChartsAreWellFormedWithSeveralSeries() {
        var rng = SeededGenerator(seed: 11)
        let histogram = HistogramChart(
            title: "Errors",
            series: ["mlp", "lut"].map { name in HistogramSeries(name: name, values: (0..<300).map { _ in rng.normal() * 5 }) },
            normalize: true)
        let line = LineChart(
            title: "Sample efficiency",
            series: [
                LineSeries(name: "mlp", points: [LinePoint(x: 100, y: 2, spread: 0.3), LinePoint(x: 1000, y: 1, spread: 0.1)]),
                LineSeries(name: "flops", points: [LinePoint(x: 100, y: 3), LinePoint(x: 1000, y: 2.5), LinePoint(x: -1, y: 1)]),
            ])
        for svg in [histogram.render(), line.render()] {
            let parsed = XMLCheck.parse(svg.render())
            XCTAssertTrue(parsed.texts.contains("mlp"), "legend names the series")
        }
        let area = line.plotArea()
        XCTAssertEqual(area.xAxis.scale, .log10)
        XCTAssertEqual(area.yAxis.lower, 0)
    }

    func testEmptyAndDegenerateDataStillDrawValidCharts() {
        let charts: [any ReportChart] = [
            ScatterChart(title: "none", series: []),
            ScatterChart(
                title: "log", series: [ScatterSeries(name: "s", measured: [0, -1, 5, .nan], predicted: [1, 2, 6, 3])], scale: .log10),
            HistogramChart(title: "empty", series: [HistogramSeries(name: "e", values: [])]),
            HistogramChart(title: "not finite", series: [HistogramSeries(name: "e", values: [.nan, .infinity])]),
            LineChart(title: "one", series: [LineSeries(name: "l", points: [LinePoint(x: 300, y: 2, spread: 5)])]),
            LineChart(title: "none", series: []),
        ]
        for (index, chart) in charts.enumerated() {
            let svg = chart.render()
            let parsed = XMLCheck.parse(svg.render())
            XCTAssertFalse(svg.render().contains("nan"), chart.title)
            XCTAssertEqual(parsed.texts.contains("No data"), [0, 2, 3, 5].contains(index), chart.title)
        }
        // Only the one pair that a log scale can show is drawn.
        let log = XMLCheck.parse(charts[1].render().render())
        XCTAssertEqual(log.elements(named: "circle").filter { $0["r"] == "2" }.count, 1)
        // An error bar of a non-negative metric reaching below zero is cut at zero.
        let line = LineChart(title: "one", series: [LineSeries(name: "l", points: [LinePoint(x: 300, y: 2, spread: 5)])])
        XCTAssertEqual(line.plotArea().yAxis.lower, 0)
        XCTAssertEqual(line.plotArea().yAxis.upper, 8)
    }
}
