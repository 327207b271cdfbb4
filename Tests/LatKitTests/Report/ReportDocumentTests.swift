import Foundation
import LatKitRandom
import XCTest

@testable import LatKit

final class ReportDocumentTests: XCTestCase {
    /// A report with every block and chart kind; `LATKIT_SAMPLE_REPORT` names a folder to write it to
    /// for a look by eye.
    static func sampleReport() -> ReportDocument {
        var rng = SeededGenerator(seed: 42)
        var report = ReportDocument(title: "LatencyKit report <sample>", subtitle: "Seed 42 · made by `latkit reproduce`")
        report.paragraph("Predictors compared on the OFA rows: `rmse_ms` & friends; 5 * 3 < 20 [not a link].")
        report.warning("The Note10 column is a LUT sum for the w1.2 network, not a measurement.")
        report.section("Accuracy") { section in
            section.table(
                ReportTable(
                    columns: ["estimator", "rmse_ms", "spearman", ReportTable.Column("notes", alignment: .center)],
                    rows: [["mlp", 0.412, 0.991, "best | fast"], ["lut", 1.5, 0.93, "-"], ["flops", .number(12.25), .missing, ""]],
                    caption: "Test rows: 2000"))
            let measured = (0..<3000).map { _ in 8 + 40 * rng.double() }
            section.chart(
                ScatterChart(
                    title: "Predicted vs measured (RTX 2080 Ti)",
                    series: [
                        ScatterSeries(name: "mlp", measured: measured, predicted: measured.map { $0 * (1 + 0.04 * rng.normal()) }),
                        ScatterSeries(name: "flops", measured: measured, predicted: measured.map { 0.9 * $0 + 2 + 2.5 * rng.normal() }),
                    ]),
                name: "Scatter: RTX 2080 Ti", caption: "Each point is one test architecture.")
            section.chart(
                HistogramChart(
                    title: "Prediction error",
                    series: [
                        HistogramSeries(name: "mlp", values: (0..<3000).map { _ in 4 * rng.normal() }),
                        HistogramSeries(name: "flops", values: (0..<3000).map { _ in 3 + 9 * rng.normal() } + [140]),
                    ], normalize: true),
                name: "errors")
            section.section("Sample efficiency") { sub in
                var records: [BenchmarkRecord] = []
                for (estimator, scale) in [("mlp", 1.0), ("lut", 1.6), ("flops", 2.4)] {
                    for n in [100, 200, 500, 1000, 2000, 5000] {
                        for seed in 0..<3 {
                            let rmse = scale * (0.4 + 8 / Double(n).squareRoot()) * (1 + 0.08 * rng.normal())
                            records.append(BenchmarkRecord.sample(estimator: estimator, nTrain: n, rmse: rmse, seed: UInt64(seed)))
                        }
                    }
                }
                sub.chart(
                    LineChart(title: "RMSE against training rows", series: LineSeries.sampleEfficiency(records)), name: "sample efficiency")
                sub.note("Error bars show one sample standard deviation over 3 repeats.")
                sub.bullets(["first item", "# not a heading", "1. not a list"])
                sub.code("latkit reproduce --out report/\n```inner fence```")
            }
        }
        return report
    }

    func testHTMLIsSelfContainedAndItsSVGsParse() throws {
        let html = Self.sampleReport().html()
        for forbidden in ["http://", "https://", "src=", "href=", "url(", "<link", "<script", "@import", "<img"] {
            XCTAssertFalse(html.contains(forbidden), "HTML holds \(forbidden)")
        }
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>LatencyKit report &lt;sample&gt;</title>"))
        XCTAssertTrue(html.contains("<code>rmse_ms</code> &amp; friends"))
        XCTAssertTrue(html.contains("<td class=\"right\">0.412</td>"))
        XCTAssertTrue(html.contains("@media print"))
        var rest = Substring(html)
        var count = 0
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            _ = XMLCheck.parse(String(rest[start.lowerBound..<end.upperBound]))
            count += 1
            rest = rest[end.upperBound...]
        }
        XCTAssertEqual(count, 3)
        XCTAssertEqual(html.components(separatedBy: "<section>").count, html.components(separatedBy: "</section>").count)
        if let folder = ProcessInfo.processInfo.environment["LATKIT_SAMPLE_REPORT"] {
            try Self.sampleReport().write(to: URL(fileURLWithPath: folder))
        }
    }

    func testMarkdownTablesAlign() {
        let table = ReportTable(
            columns: ["name", "value", ReportTable.Column("c", alignment: .center)],
            rows: [["a|b", 1.5, "x"], ["longer name", 10.25, "yyy"], ["z", .missing, ""]])
        var report = ReportDocument(title: "T")
        report.table(table)
        let text = report.markdown().text
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("|") }
        XCTAssertEqual(
            lines,
            [
                "| name        | value |   c   |",
                "| :---------- | ----: | :---: |",
                "| a\\|b        |  1.50 |   x   |",
                "| longer name | 10.25 |  yyy  |",
                "| z           |     - |       |",
            ])
    }

    func testMarkdownReferencesFigureFilesOrOmitsThem() throws {
        let report = Self.sampleReport()
        let markdown = report.markdown()
        XCTAssertEqual(
            markdown.figures.map(\.path), ["figures/scatter-rtx-2080-ti.svg", "figures/errors.svg", "figures/sample-efficiency.svg"])
        XCTAssertTrue(markdown.text.contains("![Each point is one test architecture.](figures/scatter-rtx-2080-ti.svg)"))
        XCTAssertTrue(markdown.text.contains("\n## Accuracy\n"))
        XCTAssertTrue(markdown.text.contains("\n### Sample efficiency\n"))
        XCTAssertTrue(markdown.text.contains("`rmse_ms` & friends; 5 \\* 3 \\< 20 \\[not a link\\]."))
        XCTAssertTrue(markdown.text.contains("- \\# not a heading\n- 1\\. not a list"))
        XCTAssertTrue(markdown.text.contains("> **Warning:** The Note10"))
        XCTAssertTrue(markdown.text.contains("````\nlatkit reproduce"))
        for figure in markdown.figures { _ = XMLCheck.parse(figure.svg) }

        let bare = report.markdown(figureFolder: nil)
        XCTAssertTrue(bare.figures.isEmpty)
        XCTAssertTrue(bare.text.contains("chart not included in the Markdown; see the HTML report"))
        XCTAssertFalse(bare.text.contains(".svg"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "latkit-report-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try report.write(to: folder)
        XCTAssertEqual(written.map(\.lastPathComponent).prefix(2), ["report.md", "report.html"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/errors.svg").path))
    }

    func testRepeatedFigureNamesGetDistinctFiles() {
        var report = ReportDocument(title: "T")
        let svg = SVGDocument(width: 10, height: 10)
        report.figure(ReportFigure(name: "Chart!", svg: svg))
        report.figure(ReportFigure(name: "chart", svg: svg))
        report.figure(ReportFigure(name: "???", svg: svg))
        XCTAssertEqual(report.figuresWithFileStems().map(\.stem), ["chart", "chart-2", "figure"])
    }
}

extension BenchmarkRecord {
    /// A record with plausible metrics around `rmse`, for tests.
    static func sample(estimator: String, nTrain: Int, rmse: Double, seed: UInt64? = nil) -> BenchmarkRecord {
        BenchmarkRecord(
            estimator: estimator, nTrain: nTrain, nTest: 2000, rmseMs: rmse, maeMs: rmse * 0.8, mapePct: rmse * 3,
            within5Pct: 60, within10Pct: 90, spearman: 0.98, kendall: 0.9, maxAbsErrMs: rmse * 4, fitSeconds: 0.5,
            predictUsPerArch: 3.2, seed: seed)
    }
}
