import XCTest

@testable import LatKit

final class ChartAxesTests: XCTestCase {
    private func labelled(_ axis: ChartAxis) -> [Double] { axis.ticks.filter { $0.label != nil }.map(\.value) }
    private func labels(_ axis: ChartAxis) -> [String] { axis.ticks.compactMap(\.label) }

    func testLogAxisFor100To7000() {
        let axis = ChartAxis.log10(title: "rows", minimum: 100, maximum: 7000)
        XCTAssertEqual(axis.lower, 100)
        XCTAssertEqual(axis.upper, 10000, accuracy: 1e-9)
        XCTAssertEqual(labels(axis), ["100", "200", "500", "1k", "2k", "5k", "10k"])
        let values = labelled(axis)
        for (value, expected) in zip(values, [100.0, 200, 500, 1000, 2000, 5000, 10000]) {
            XCTAssertEqual(value, expected, accuracy: expected * 1e-12)
        }
        // Minor ticks fill in between (300, 400, 600, ... 9000), unlabelled.
        XCTAssertEqual(axis.ticks.filter { $0.label == nil }.count, 12)
        XCTAssertEqual(axis.fraction(1000), 0.5, accuracy: 1e-12)
    }

    func testLogAxisWideRangeUsesDecadesAndNarrowRangeUsesLinearSteps() {
        let wide = ChartAxis.log10(title: "", minimum: 3, maximum: 2e6)
        XCTAssertEqual(labels(wide), ["1", "10", "100", "1k", "10k", "100k", "1M", "10M"])
        let narrow = ChartAxis.log10(title: "", minimum: 120, maximum: 180)
        XCTAssertEqual(labels(narrow), ["120", "140", "160", "180"])
        XCTAssertEqual(narrow.scale, .log10)
        let small = ChartAxis.log10(title: "", minimum: 0.012, maximum: 0.4)
        XCTAssertEqual(labels(small), ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5"])
    }

    func testLinearAxisNiceSteps() {
        let axis = ChartAxis.linear(title: "ms", minimum: 0.3, maximum: 9.7)
        XCTAssertEqual(axis.lower, 0)
        XCTAssertEqual(axis.upper, 10)
        XCTAssertEqual(labels(axis), ["0", "2", "4", "6", "8", "10"])
        let fine = ChartAxis.linear(title: "", minimum: 11.2, maximum: 12.9)
        XCTAssertEqual(labels(fine), ["11.0", "11.5", "12.0", "12.5", "13.0"])
        let big = ChartAxis.linear(title: "", minimum: 0, maximum: 18000, includeZero: true)
        XCTAssertEqual(labels(big), ["0", "5k", "10k", "15k", "20k"])
        let flat = ChartAxis.linear(title: "", minimum: 5, maximum: 5)
        XCTAssertLessThan(flat.lower, 5)
        XCTAssertGreaterThan(flat.upper, 5)
    }

    func testThinningKeepsDecadeLabelsWhenCrowded() {
        let axis = ChartAxis.log10(title: "", minimum: 100, maximum: 7000)
        let thin = axis.thinnedLabels(length: 120) { Double($0.count) * 7 }
        XCTAssertEqual(thin.ticks.compactMap(\.label), ["100", "1k", "10k"])
        XCTAssertEqual(axis.thinnedLabels(length: 600) { Double($0.count) * 7 }, axis)
    }

    func testKnownDataToPixelMapping() {
        let area = PlotArea(
            left: 50, top: 20, width: 400, height: 300,
            xAxis: .linear(title: "", minimum: 0, maximum: 100), yAxis: .log10(title: "", minimum: 1, maximum: 1000))
        XCTAssertEqual(area.xAxis.upper, 100)
        let point = area.pixel(x: 25, y: 10)
        XCTAssertEqual(point?.x ?? .nan, 150, accuracy: 1e-9)
        XCTAssertEqual(point?.y ?? .nan, 220, accuracy: 1e-9)
        XCTAssertEqual(area.pixel(x: 0, y: 1), SVGPoint(x: 50, y: 320))
        XCTAssertEqual(area.pixel(x: 100, y: 1000)?.y ?? .nan, 20, accuracy: 1e-9)
        XCTAssertNil(area.pixel(x: 101, y: 10))
        XCTAssertNil(area.pixel(x: 50, y: 0))
    }
}
