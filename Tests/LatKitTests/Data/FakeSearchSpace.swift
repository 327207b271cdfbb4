import Foundation

@testable import LatKit

/// A tiny search space for data tests: an architecture is two fields, `a` (a digit 1-9) and `b`
/// (x, y or z), written canonically as "a<digit>-b<letter>". Like real plugins it reports a bad
/// row of a batch as `row N: ...`.
final class FakeSearchSpace: SearchSpace {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// How many times `architectures(fromFields:)` was called, and with how many rows in all.
    var calls = 0
    var rowsSeen = 0

    var name: String { "fake" }
    var facts: [String: String] { ["arch_columns": "a, b", "encodings": "none"] }

    func canonicalize(_ architectures: [String]) throws -> [String] { architectures }

    func architectures(fromFields rows: [[String]]) throws -> [String] {
        calls += 1
        rowsSeen += rows.count
        return try rows.enumerated().map { index, fields in
            guard fields.count == 2 else { throw Failure(description: "row \(index): expected 2 fields") }
            guard let digit = Int(fields[0]), (1...9).contains(digit) else {
                throw Failure(description: "fake: from_fields failed: row \(index): field 'a' must be 1-9, got '\(fields[0])'")
            }
            guard ["x", "y", "z"].contains(fields[1]) else {
                throw Failure(description: "row \(index): field 'b' must be x, y or z, got '\(fields[1])'")
            }
            return "a\(digit)-b\(fields[1])"
        }
    }

    func sample(count: Int, seed: UInt64) throws -> [String] { throw Failure(description: "unsupported") }
    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        throw Failure(description: "unsupported")
    }
    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] { throw Failure(description: "unsupported") }
    func featureCount(encoding: String?) throws -> Int { 0 }
    func encode(_ architectures: [String], encoding: String?) throws -> FeatureMatrix {
        FeatureMatrix(values: [], rows: 0, columns: 0, encoding: "none")
    }
    func operators(_ architectures: [String]) throws -> [[Operator]] { architectures.map { _ in [] } }
    func cost(_ architectures: [String]) throws -> [Cost] { architectures.map { _ in Cost(macs: 0, params: 0) } }
    func exportModels(_ architectures: [String], format: String) throws -> RunnableModels { throw Failure(description: "unsupported") }
    func exportOperators(_ keys: [String], format: String) throws -> RunnableModels { throw Failure(description: "unsupported") }
    func listOperators(scope: [String: String]) throws -> [String] { throw Failure(description: "unsupported") }
}

/// A temporary folder for fixture files, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "latkit-data-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` and returns the file's path.
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
