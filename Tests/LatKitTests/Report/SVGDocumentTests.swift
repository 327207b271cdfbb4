import XCTest

@testable import LatKit

final class SVGDocumentTests: XCTestCase {
    func testEscapesTextAndAttributesAndStaysWellFormed() {
        let nasty = "a < b && c > \"d\" 'e'"
        var svg = SVGDocument(width: 100, height: 50, title: nasty)
        svg.text(nasty, x: 1, y: 2)
        svg.rect(x: 0, y: 0, width: 10, height: 10, style: .fill("#fff"), tooltip: nasty)
        svg.group(cssClass: "x\"y") { g in g.circle(cx: 1, cy: 1, r: 1, tooltip: "<&>") }
        let text = svg.render()
        XCTAssertTrue(text.contains("a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;"), text)
        XCTAssertFalse(text.contains("a < b"))
        let parsed = XMLCheck.parse(text)
        // Text and tooltips read back exactly as written.
        XCTAssertEqual(parsed.texts, [nasty, nasty, nasty, "<&>"])
        XCTAssertEqual(parsed.elements(named: "g").first?["class"], "x\"y")
        XCTAssertEqual(parsed.elements(named: "svg").first?["aria-label"], nasty)
    }

    func testDropsControlCharactersXMLForbids() {
        XCTAssertEqual(XMLEscaping.escape("a\u{1}b\tc\nd"), "ab\tc\nd")
        XCTAssertEqual(XMLEscaping.escape("plain"), "plain")
    }

    func testCompactNumbers() {
        XCTAssertEqual(SVGNumber.format(12.0), "12")
        XCTAssertEqual(SVGNumber.format(3.14159), "3.1")
        XCTAssertEqual(SVGNumber.format(-0.04), "0")
        XCTAssertEqual(SVGNumber.format(-2.25, fractionDigits: 1), "-2.3")  // ties away from zero
        XCTAssertEqual(SVGNumber.format(0.5), "0.5")
        XCTAssertEqual(SVGNumber.format(1.05, fractionDigits: 2), "1.05")
        XCTAssertEqual(SVGNumber.format(7.0001, fractionDigits: 3), "7")
        XCTAssertEqual(SVGNumber.format(.nan), "0")
    }

    func testInlineRenderingHasNoNamespaceOrDeclaration() {
        var svg = SVGDocument(width: 10, height: 10)
        svg.polyline([SVGPoint(x: 0, y: 0), SVGPoint(x: .nan, y: 1), SVGPoint(x: 1.26, y: 2)], style: .stroke("#000"))
        let standalone = svg.render()
        XCTAssertTrue(standalone.hasPrefix("<?xml"))
        XCTAssertTrue(standalone.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        let inline = svg.render(standalone: false)
        XCTAssertTrue(inline.hasPrefix("<svg "))
        XCTAssertFalse(inline.contains("http"))
        XCTAssertTrue(inline.contains("points=\"0,0 1.3,2\""), inline)
        _ = XMLCheck.parse(inline)
    }
}
