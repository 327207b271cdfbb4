import LatKitRandom
import XCTest

@testable import LatKit

final class RankCorrelationTests: XCTestCase {
    func testAverageRanks() {
        XCTAssertEqual(RankCorrelation.averageRanks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(RankCorrelation.averageRanks([3, 1, 3, 3, 2]), [4, 1, 4, 4, 2])
    }

    func testWithoutTies() throws {
        // x = [1, 2, 3, 4, 5], y = [2, 1, 4, 3, 5].
        // Spearman: rank differences d = [-1, 1, -1, 1, 0], sum d^2 = 4,
        //   rho = 1 - 6 * 4 / (5 * (25 - 1)) = 1 - 24 / 120 = 0.8.
        // Kendall: of the 10 pairs only (0,1) and (2,3) are discordant: C = 8, D = 2,
        //   tau = (8 - 2) / 10 = 0.6.
        let x: [Double] = [1, 2, 3, 4, 5]
        let y: [Double] = [2, 1, 4, 3, 5]
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.spearman(x, y)), 0.8, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.kendallTauB(x, y)), 0.6, accuracy: 1e-12)
    }

    func testWithTies() throws {
        // x = [1, 2, 2, 3], y = [1, 3, 2, 2].
        // Spearman: average ranks rx = [1, 2.5, 2.5, 4], ry = [1, 4, 2.5, 2.5]; both have mean 2.5,
        //   deviations dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 1.5, 0, 0];
        //   sum dx*dy = 2.25, sum dx^2 = sum dy^2 = 4.5, rho = 2.25 / 4.5 = 0.5.
        // Kendall tau-b: pairs (0,1) C, (0,2) C, (0,3) C, (1,2) tied in x, (1,3) D (x up, y down),
        //   (2,3) tied in y. C = 3, D = 1, n0 = 6, n1 = 1 (x ties), n2 = 1 (y ties):
        //   tau_b = (3 - 1) / sqrt((6 - 1)(6 - 1)) = 2 / 5 = 0.4.
        let x: [Double] = [1, 2, 2, 3]
        let y: [Double] = [1, 3, 2, 2]
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.spearman(x, y)), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.kendallTauB(x, y)), 0.4, accuracy: 1e-12)
        // Symmetric in its arguments.
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.kendallTauB(y, x)), 0.4, accuracy: 1e-12)
    }

    func testJointTies() throws {
        // x = [1, 1, 2, 2], y = [1, 1, 2, 3]: pairs (0,1) tied in both, (2,3) tied in x only,
        //   the other 4 concordant. C = 4, D = 0, n0 = 6, n1 = 2, n2 = 1:
        //   tau_b = 4 / sqrt((6 - 2)(6 - 1)) = 4 / sqrt(20).
        // Spearman: rx = [1.5, 1.5, 3.5, 3.5], ry = [1.5, 1.5, 3, 4], mean 2.5;
        //   dx = [-1, -1, 1, 1], dy = [-1, -1, 0.5, 1.5]; sum dx*dy = 4, sum dx^2 = 4,
        //   sum dy^2 = 4.5: rho = 4 / sqrt(18).
        let x: [Double] = [1, 1, 2, 2]
        let y: [Double] = [1, 1, 2, 3]
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.kendallTauB(x, y)), 4 / 20.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(try RankCorrelation.spearman(x, y)), 4 / 18.0.squareRoot(), accuracy: 1e-12)
    }

    func testPerfectAndReversedOrder() throws {
        let x: [Double] = [5, 1, 4, 2, 3]
        XCTAssertEqual(try RankCorrelation.spearman(x, x.map { $0 * 10 }), 1)
        XCTAssertEqual(try RankCorrelation.kendallTauB(x, x.map { -$0 }), -1)
    }

    func testUndefinedAndInvalid() throws {
        XCTAssertNil(try RankCorrelation.spearman([1, 2, 3], [4, 4, 4]))
        XCTAssertNil(try RankCorrelation.kendallTauB([1, 2, 3], [4, 4, 4]))
        XCTAssertNil(try RankCorrelation.kendallTauB([1], [2]))
        XCTAssertThrowsError(try RankCorrelation.spearman([1, 2], [1]))
        XCTAssertThrowsError(try RankCorrelation.kendallTauB([], []))
        XCTAssertThrowsError(try RankCorrelation.kendallTauB([1, .infinity], [1, 2])) { error in
            XCTAssertEqual(error as? MetricError, .notFinite(sequence: "first", index: 1))
        }
    }

    func testKendallMatchesTheQuadraticDefinitionOnDataWithTies() throws {
        var generator = SeededGenerator(seed: 2024)
        for size in [2, 3, 10, 57, 300] {
            let x = (0..<size).map { _ in Double(generator.int(below: 12)) }
            let y = (0..<size).map { index in x[index] + Double(generator.int(below: 6)) }
            let fast = try XCTUnwrap(try RankCorrelation.kendallTauB(x, y))
            XCTAssertEqual(fast, try XCTUnwrap(quadraticTauB(x, y)), accuracy: 1e-12, "n = \(size)")
        }
    }

    /// Kendall's tau-b straight from its definition, O(n^2).
    private func quadraticTauB(_ x: [Double], _ y: [Double]) -> Double? {
        var concordant = 0
        var discordant = 0
        var tiedX = 0
        var tiedY = 0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                let dx = x[i] - x[j]
                let dy = y[i] - y[j]
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx * dy > 0 { concordant += 1 }
                if dx * dy < 0 { discordant += 1 }
            }
        }
        let pairs = x.count * (x.count - 1) / 2
        let denominator = Double(pairs - tiedX) * Double(pairs - tiedY)
        return denominator > 0 ? Double(concordant - discordant) / denominator.squareRoot() : nil
    }
}
