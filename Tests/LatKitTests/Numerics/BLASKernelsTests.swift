import Foundation
import LatKitRandom
import XCTest

@testable import LatKitNumerics

/// OpenBLAS's kernel choice: the family a CPU's flags call for, and the reselection that replaces
/// the generic kernels an older OpenBLAS falls back to on a CPU it does not know, after which
/// products are still right (at sizes that go through the packed kernels, not just the small path).
final class BLASKernelsTests: XCTestCase {
    func testTheFamilyFollowsTheCPUFlags() {
        let avx512: Set<String> = ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd", "avx2", "fma"]
        XCTAssertEqual(BLASKernels.family(forFlags: avx512.union(["avx512_bf16"])), "Cooperlake")
        XCTAssertEqual(BLASKernels.family(forFlags: avx512), "SkylakeX")
        XCTAssertEqual(BLASKernels.family(forFlags: ["avx", "avx2", "fma", "avx512f"]), "Haswell", "AVX-512 without BW/VL/DQ/CD")
        XCTAssertNil(BLASKernels.family(forFlags: ["sse3", "avx"]))
        XCTAssertNil(BLASKernels.family(forFlags: []))
    }

    func testReselectionLeavesNoGenericKernelsWhereTheCPURunsBetterAndProductsStayRight() throws {
        let selection = BLASKernels.selectForThisCPU()
        XCTAssertNotNil(selection.inUse, "OpenBLAS names its kernels")
        XCTAssertEqual(selection.inUse, BLASKernels.inUse)
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, selection.chosen?.lowercased() == "prescott",
            let expected = BLASKernels.family(forFlags: BLASKernels.cpuFlags())
        {
            XCTAssertEqual(selection.inUse?.lowercased(), expected.lowercased(), "\(selection)")
            XCTAssertEqual(
                ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? getenv("OPENBLAS_CORETYPE").map { String(cString: $0) },
                expected)
        }
        var generator = SeededGenerator(seed: 3)
        let (m, k, n) = (150, 300, 70)
        let a = Matrix(rows: m, columns: k, values: (0..<(m * k)).map { _ in Float(generator.double() * 2 - 1) })
        let b = Matrix(rows: k, columns: n, values: (0..<(k * n)).map { _ in Float(generator.double() * 2 - 1) })
        let product = Matrix.product(a, b)
        for (i, j) in [(0, 0), (m - 1, n - 1), (77, 33), (149, 0)] {
            var sum = 0.0
            for index in 0..<k { sum += Double(a[i, index]) * Double(b[index, j]) }
            XCTAssertEqual(Double(product[i, j]), sum, accuracy: 1e-3, "(\(i), \(j)) with \(selection)")
        }
    }
}
