import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses XML with Foundation's XMLParser and collects what tests look at.
final class XMLCheck: NSObject, XMLParserDelegate {
    /// Every element in document order: its name and attributes.
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    /// The text content of every `<text>` and `<title>` element, in order.
    private(set) var texts: [String] = []
    private var current: String?
    private(set) var error: Error?

    /// Parses `xml`; fails the test (at the caller's line) if it is not well-formed.
    static func parse(_ xml: String, file: StaticString = #filePath, line: UInt = #line) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = check
        let ok = parser.parse()
        XCTAssertTrue(ok, "not well-formed XML: \(String(describing: parser.parserError ?? check.error))", file: file, line: line)
        return check
    }

    func elements(named name: String) -> [[String: String]] {
        elements.filter { $0.name == name }.map(\.attributes)
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((elementName, attributes))
        if elementName == "text" || elementName == "title" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" || elementName == "title", let text = current {
            texts.append(text)
            current = nil
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = parseError
    }
}
