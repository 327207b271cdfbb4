import XCTest

@testable import LatKit

/// The operator view of the OFA spaces: OFA lookup-table keys with counts.
final class OFAOperatorTests: XCTestCase {
    /// The Note10 LUT (`note10_lut_all_resolutions.csv`): resolution -> key -> mean_ms.
    private func note10Table() throws -> [Int: [String: Double]] {
        let csv = try OFATestCSV("ofanas_paper/note10_lut_all_resolutions.csv")
        XCTAssertEqual(csv.header[1], "key")
        let mean = csv.column("mean_ms")
        var table: [Int: [String: Double]] = [:]
        for row in csv.rows { table[Int(row[0])!, default: [:]][row[1]] = Double(row[mean])! }
        XCTAssertEqual(table.count, 17)
        return table
    }

    /// Sums count x mean_ms over the operators of each row and compares with `note10_lut_ms`.
    private func checkLUTSums(file: String, space: SearchSpace) throws -> Int {
        let table = try note10Table()
        let csv = try OFATestCSV(file)
        let archs = try space.architectures(fromFields: csv.fields(["ks", "e", "d", "r"]))
        let operators = try space.operators(archs)
        let expected = csv.column("note10_lut_ms")
        var worst = 0.0
        for (index, row) in csv.rows.enumerated() {
            let lut = table[Int(row[csv.column("r")])!]!
            var sum = 0.0
            for op in operators[index] {
                guard let mean = lut[op.key] else {
                    XCTFail("row \(index): operator \(op.key) is not in the Note10 LUT at r=\(row[csv.column("r")])")
                    return csv.rows.count
                }
                sum += op.count * mean
            }
            worst = max(worst, abs(sum - Double(row[expected])!))
        }
        XCTAssertLessThan(worst, 1e-6, file)
        return csv.rows.count
    }

    func testNote10LUTReproducesEveryOFAPaperRow() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.2")
        XCTAssertEqual(try checkLUTSums(file: "ofanas_paper/ofa_paper_latency.csv", space: space), 10_000)
    }

    func testNote10LUTReproducesEveryCompOFAPaperRow() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("compofa-fixed", options: ["width": "1.2"])
        XCTAssertEqual(try checkLUTSums(file: "ofanas_paper/compofa_fixedkernel_paper_latency.csv", space: space), 10_000)
    }

    func testEveryLUTKeyOfTheW12SpaceIsProducedAtEveryResolution() throws {
        // The Note10 LUT holds every (position, kernel, expand) for w1.2: the union of the keys of
        // a few thousand samples at one resolution covers it exactly.
        let table = try note10Table()
        for resolution in [160, 164, 224] {
            let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.2", options: ["resolutions": "\(resolution)"])
            let keys = Set(try space.operators(try space.sample(count: 3_000, seed: 1)).flatMap { $0.map(\.key) })
            XCTAssertEqual(keys, Set(table[resolution]!.keys), "r=\(resolution)")
        }
    }

    func testW10KeysAndCountsOfTheLargestNet() throws {
        let space = try TestPaths.catalog("ofa").searchSpace("ofa-mbv3-w1.0")
        let largest =
            "ks=" + Array(repeating: "7", count: 20).joined(separator: "-") + ";e="
            + Array(repeating: "6", count: 20).joined(separator: "-") + ";d=4-4-4-4-4;r=224"
        let operators = try space.operators([largest])[0]
        func block(_ input: String, _ output: String, _ expand: Int, _ stride: Int, _ skip: Int, _ se: Int, _ hs: Int) -> String {
            "expanded_conv-input:\(input)-output:\(output)-expand:\(expand)-kernel:7-stride:\(stride)-idskip:\(skip)-se:\(se)-hs:\(hs)"
        }
        XCTAssertEqual(
            operators,
            [
                Operator(key: "Conv-input:224x224x3-output:112x112x16", count: 1),
                Operator(
                    key: "expanded_conv-input:112x112x16-output:112x112x16-expand:16-kernel:3-stride:1-idskip:1-se:0-hs:0", count: 1),
                Operator(key: block("112x112x16", "56x56x24", 96, 2, 0, 0, 0), count: 1),
                Operator(key: block("56x56x24", "56x56x24", 144, 1, 1, 0, 0), count: 3),
                Operator(key: block("56x56x24", "28x28x40", 144, 2, 0, 1, 0), count: 1),
                Operator(key: block("28x28x40", "28x28x40", 240, 1, 1, 1, 0), count: 3),
                Operator(key: block("28x28x40", "14x14x80", 240, 2, 0, 0, 1), count: 1),
                Operator(key: block("14x14x80", "14x14x80", 480, 1, 1, 0, 1), count: 3),
                Operator(key: block("14x14x80", "14x14x112", 480, 1, 0, 1, 1), count: 1),
                Operator(key: block("14x14x112", "14x14x112", 672, 1, 1, 1, 1), count: 3),
                Operator(key: block("14x14x112", "7x7x160", 672, 2, 0, 1, 1), count: 1),
                Operator(key: block("7x7x160", "7x7x160", 960, 1, 1, 1, 1), count: 3),
                Operator(key: "Conv_1-input:7x7x160-output:7x7x960", count: 1),
                Operator(key: "AvgPool2D-input:7x7x960-output:1x1x960", count: 1),
                Operator(key: "Conv_2-input:1x1x960-output:1x1x1280", count: 1),
                Operator(key: "Logits-input:1x1x1280-output:1000", count: 1),
            ])
    }
}
