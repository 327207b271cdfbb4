import XCTest

@testable import LatKit

/// The `paper128` and `rich` encodings of the OFA spaces.
///
/// `paper128` must give exactly the inputs behind `data/models/*/golden.csv` (OFA's `spec2feats`,
/// documented in /work/shared/models/ofa_accuracy_predictor/README.md, "Input encoding"): the
/// README states the one-positions of the largest and smallest nets; row 0's positions follow from
/// its rules and equal the tensor printed in the OFANAS demo notebook.
final class OFAEncodingTests: XCTestCase {
    private func ones(_ row: ArraySlice<Float>) -> [Int] {
        row.indices.filter { row[$0] != 0 }.map { $0 - row.startIndex }
    }

    func testPaper128GivesTheGoldenInputs() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.2")
        let golden = try OFATestCSV("models/ofa_accuracy_predictor/golden.csv")
        XCTAssertEqual(golden.rows.count, 22)
        let archs = try space.architectures(fromFields: golden.fields(["ks", "e", "d", "r"]))
        let features = try space.encode(archs, encoding: nil)
        XCTAssertEqual(features.encoding, "paper128")
        XCTAssertEqual(features.columns, 128)
        XCTAssertTrue(features.values.allSatisfy { $0 == 0 || $0 == 1 })

        // Row 0 of the data (golden row 1): ks 7-7-3-3-5-7-3-7-..., d 2-4-2-3-3, r 208.
        XCTAssertEqual(
            ones(features.row(0)),
            [2, 5, 13, 17, 18, 23, 24, 29, 37, 41, 44, 49, 52, 56, 62, 63, 72, 77, 79, 83, 86, 87, 98, 99, 102, 110, 112, 116, 126])
        // Largest net (golden row 21): every 3i+2, every 60+3i+2, and 127: 41 ones.
        XCTAssertEqual(ones(features.row(20)), (0..<20).map { 3 * $0 + 2 } + (0..<20).map { 62 + 3 * $0 } + [127])
        // Smallest net (golden row 22): 3i and 60+3i for the two first slots of each stage, and 123.
        let firstTwo = [0, 1, 4, 5, 8, 9, 12, 13, 16, 17]
        XCTAssertEqual(ones(features.row(21)), firstTwo.map { 3 * $0 } + firstTwo.map { 60 + 3 * $0 } + [123])

        // Every golden row against an independent spec2feats on the raw CSV fields (inactive slots
        // hold the sampler's random values there and must encode as zeros).
        for (index, fields) in golden.fields(["ks", "e", "d", "r"]).enumerated() {
            XCTAssertEqual(Array(features.row(index)), spec2feats(fields), "golden row \(index + 1)")
        }
        // The encoding does not depend on the width.
        let narrow = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        XCTAssertEqual(try narrow.encode(archs, encoding: "paper128").values, features.values)
    }

    func testRichEncodingExtendsPaper128() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        let archs = try space.sample(count: 200, seed: 4)
        let paper = try space.encode(archs, encoding: "paper128")
        let rich = try space.encode(archs, encoding: "rich")
        let costs = try space.cost(archs)
        XCTAssertEqual(rich.columns, 151)
        for (index, arch) in archs.enumerated() {
            let row = rich.row(index)
            XCTAssertEqual(Array(row.prefix(128)), Array(paper.row(index)))
            let (_, _, d, r) = ofaLists(arch)
            let depthOnes = (0..<15).filter { row[row.startIndex + 128 + $0] != 0 }
            XCTAssertEqual(depthOnes, (0..<5).map { 3 * $0 + d[$0] - 2 })
            XCTAssertEqual(row[row.startIndex + 143], Float(Double(r) / 224))
            let stageMacs = (0..<5).map { Double(row[row.startIndex + 144 + $0]) * 1e8 }
            XCTAssertTrue(stageMacs.allSatisfy { $0 > 0 })
            XCTAssertLessThan(stageMacs.reduce(0, +), costs[index].macs)
            XCTAssertEqual(Double(row[row.startIndex + 149]), costs[index].macs / 1e9, accuracy: 1e-6)
            XCTAssertEqual(Double(row[row.startIndex + 150]), costs[index].params / 1e7, accuracy: 1e-6)
        }
    }

    /// OFA's `spec2feats`, written from the README's description.
    private func spec2feats(_ fields: [String]) -> [Float] {
        let ks = fields[0].split(separator: "-").map { Int($0)! }
        let e = fields[1].split(separator: "-").map { Int($0)! }
        let d = fields[2].split(separator: "-").map { Int($0)! }
        let r = Int(fields[3])!
        var x = [Float](repeating: 0, count: 128)
        for stage in 0..<5 {
            for block in 0..<d[stage] {
                let i = 4 * stage + block
                x[3 * i + [3: 0, 5: 1, 7: 2][ks[i]]!] = 1
                x[60 + 3 * i + [3: 0, 4: 1, 6: 2][e[i]]!] = 1
            }
        }
        x[120 + (r - 112) / 16] = 1
        return x
    }
}
