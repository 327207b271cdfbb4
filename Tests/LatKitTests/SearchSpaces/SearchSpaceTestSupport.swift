import Foundation
import XCTest

@testable import LatKit

/// A small CSV file without quoted fields (the shipped HELP excerpts), read by column name.
struct ExcerptTable {
    let header: [String]
    let rows: [[String]]

    init(_ relativePath: String) throws {
        let text = try String(contentsOfFile: TestPaths.data + "/" + relativePath, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    /// The values of column `name`, one per row.
    func column(_ name: String) throws -> [String] {
        let index = try XCTUnwrap(header.firstIndex(of: name), "no column \(name)")
        return rows.map { $0[index] }
    }

    /// Column `name` as numbers.
    func numbers(_ name: String) throws -> [Double] {
        try column(name).map { try XCTUnwrap(Double($0), "\(name): '\($0)' is not a number") }
    }
}

/// Least squares over operator keys: each architecture's latency as the sum of one unknown price
/// per key times its count. Solved through the normal equations with a Cholesky factorisation
/// that skips pivots which vanish (keys that always occur together, such as a network's fixed
/// parts), which gives a least-squares solution with those prices set to zero.
struct OperatorFit {
    let keys: [String]
    let prices: [Double]
    let residuals: [Double]

    init(operators: [[Operator]], targets: [Double]) {
        var index: [String: Int] = [:]
        for row in operators { for op in row where index[op.key] == nil { index[op.key] = index.count } }
        let n = index.count
        // Normal equations A'A x = A'y, with A sparse (a few keys per row).
        var normal = [Double](repeating: 0, count: n * n)
        var rhs = [Double](repeating: 0, count: n)
        for (row, target) in zip(operators, targets) {
            let entries = row.map { (index[$0.key]!, $0.count) }
            for (i, a) in entries {
                rhs[i] += a * target
                for (j, b) in entries { normal[i * n + j] += a * b }
            }
        }
        // Cholesky L L' with dependent columns dropped (their pivot is ~0 relative to the diagonal).
        var lower = [Double](repeating: 0, count: n * n)
        var kept = [Bool](repeating: false, count: n)
        for j in 0..<n {
            var pivot = normal[j * n + j]
            for k in 0..<j where kept[k] { pivot -= lower[j * n + k] * lower[j * n + k] }
            guard pivot > 1e-9 * max(normal[j * n + j], 1) else { continue }
            kept[j] = true
            let root = pivot.squareRoot()
            lower[j * n + j] = root
            for i in (j + 1)..<max(n, j + 1) {
                var value = normal[i * n + j]
                for k in 0..<j where kept[k] { value -= lower[i * n + k] * lower[j * n + k] }
                lower[i * n + j] = value / root
            }
        }
        var forward = [Double](repeating: 0, count: n)
        for i in 0..<n where kept[i] {
            var value = rhs[i]
            for k in 0..<i where kept[k] { value -= lower[i * n + k] * forward[k] }
            forward[i] = value / lower[i * n + i]
        }
        var solution = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) where kept[i] {
            var value = forward[i]
            for k in (i + 1)..<max(n, i + 1) where kept[k] { value -= lower[k * n + i] * solution[k] }
            solution[i] = value / lower[i * n + i]
        }
        keys = index.sorted { $0.value < $1.value }.map(\.key)
        prices = solution
        residuals = zip(operators, targets).map { row, target in
            target - row.reduce(0) { $0 + solution[index[$1.key]!] * $1.count }
        }
    }

    /// The fitted latency of an architecture: the sum of its keys' prices times their counts;
    /// nil when it has a key the fit never saw.
    func predict(_ row: [Operator]) -> Double? {
        var total = 0.0
        for op in row {
            guard let index = keys.firstIndex(of: op.key) else { return nil }
            total += prices[index] * op.count
        }
        return total
    }

    /// Largest absolute residual.
    var maxResidual: Double { residuals.map(abs).max() ?? 0 }

    /// Coefficient of determination against `targets`.
    func rSquared(_ targets: [Double]) -> Double {
        let mean = targets.reduce(0, +) / Double(targets.count)
        let total = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - residuals.reduce(0) { $0 + $1 * $1 } / total
    }
}

/// Calls a plugin's `i(s)` extension function directly (what `latkit call` does through libffi).
func callIntOfString(_ function: ExtensionFunctionInfo, _ argument: String?) -> Int32 {
    typealias IntOfString = @convention(c) (UnsafePointer<CChar>?) -> Int32
    let call = unsafeBitCast(function.address, to: IntOfString.self)
    guard let argument else { return call(nil) }
    return argument.withCString { call($0) }
}

/// Asserts that `body` throws an error whose text contains every one of `fragments`.
func assertThrows(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected an error mentioning \(fragments)", file: file, line: line)
    } catch {
        for fragment in fragments {
            XCTAssertTrue("\(error)".contains(fragment), "'\(error)' does not mention '\(fragment)'", file: file, line: line)
        }
    }
}

/// Checks what every categorical search space must do with sampling and variation: `count`
/// samples round-trip through canonicalize, the same seed gives the same samples and children,
/// another seed other ones, mutation with probability 0 copies, crossover children take every
/// gene from a parent (`genes` splits a canonical string into its genes).
func checkVariation(
    _ space: SearchSpace, count: Int, genes: (String) -> [Substring], file: StaticString = #filePath, line: UInt = #line
) throws {
    let samples = try space.sample(count: count, seed: 42)
    XCTAssertEqual(samples.count, count, file: file, line: line)
    XCTAssertEqual(try space.canonicalize(samples), samples, "samples must be canonical", file: file, line: line)
    XCTAssertEqual(try space.sample(count: count, seed: 42), samples, "same seed, same samples", file: file, line: line)
    XCTAssertNotEqual(try space.sample(count: 100, seed: 43), Array(samples.prefix(100)), file: file, line: line)

    let parents = Array(samples.prefix(500))
    let partners = Array(samples.suffix(500))
    XCTAssertEqual(try space.mutate(parents, seed: 1, mutationProbability: 0, resolutionProbability: 0.5), parents, file: file, line: line)
    let mutants = try space.mutate(parents, seed: 1, mutationProbability: 0.3, resolutionProbability: 0)
    XCTAssertEqual(try space.mutate(parents, seed: 1, mutationProbability: 0.3, resolutionProbability: 0), mutants, file: file, line: line)
    XCTAssertEqual(try space.canonicalize(mutants), mutants, file: file, line: line)
    // Each gene is redrawn with p = 0.3 and then changes with probability (n-1)/n.
    let changed = zip(parents, mutants).reduce(0) { total, pair in
        total + zip(genes(pair.0), genes(pair.1)).filter { $0 != $1 }.count
    }
    let geneCount = parents.count * genes(parents[0]).count
    XCTAssertGreaterThan(Double(changed) / Double(geneCount), 0.15, file: file, line: line)
    XCTAssertLessThan(Double(changed) / Double(geneCount), 0.3, file: file, line: line)

    let children = try space.crossover(parents, partners, seed: 5)
    XCTAssertEqual(try space.crossover(parents, partners, seed: 5), children, file: file, line: line)
    // Uniform crossover: every gene from one parent, and where the parents differ, about half from each.
    var differing = 0
    var fromFirst = 0
    for ((a, b), child) in zip(zip(parents, partners), children) {
        for ((x, y), z) in zip(zip(genes(a), genes(b)), genes(child)) {
            XCTAssertTrue(z == x || z == y, file: file, line: line)
            if x != y {
                differing += 1
                if z == x { fromFirst += 1 }
            }
        }
    }
    XCTAssertGreaterThan(differing, 200, file: file, line: line)
    let share = Double(fromFirst) / Double(max(differing, 1))
    XCTAssertTrue((0.4...0.6).contains(share), "share of differing genes from the first parent: \(share)", file: file, line: line)
    assertThrows(["mutation_probability"], file: file, line: line) {
        _ = try space.mutate(parents, seed: 1, mutationProbability: 1.5, resolutionProbability: 0)
    }
    assertThrows(["resolution_probability"], file: file, line: line) {
        _ = try space.mutate(parents, seed: 1, mutationProbability: 0.1, resolutionProbability: -1)
    }
}
