import Foundation
import LatKitRandom

/// A seeded random-mutation fuzzer for parsers of outside data: each input is one of the seed
/// inputs with a few mutations (bytes flipped, inserted, deleted or duplicated; a range cut off;
/// tokens that break parsers spliced in: quotes, separators, line breaks, NUL, NaN, infinities,
/// huge numbers, hex, a 100 KB field). The same seed gives the same inputs on every machine;
/// a run stops after `budget` seconds or `maxInputs` inputs, whichever comes first.
struct MutationFuzzer {
    /// What a run did.
    struct Report {
        var inputs = 0
        var accepted = 0
        var refused = 0
        /// The slowest single input, seconds (a hang shows here).
        var slowest = 0.0
    }

    let seeds: [[UInt8]]
    let seed: UInt64

    static let tokens: [[UInt8]] =
        [
            ",", "\"", "\n", "\r\n", "\0", "NaN", "nan", "inf", "-inf", "-1", "0", "1e308", "-0", "0x10", "1e-320",
            "9999999999999999999999",
            "|", "~", "+", ":", ";", "=", "-", "{", "}", "[", "]", "null", "true", "\"\"", "\u{1B}[2J", "\u{FF}\u{FE}", "ks=", "r=",
        ].map { Array($0.utf8) } + [[0xFF, 0xFE, 0x80], Array(repeating: UInt8(ascii: "7"), count: 100_000)]

    /// Feeds mutated inputs to `parse` until the budget is spent. `parse` returns normally for an
    /// input it accepts and throws for one it refuses; anything else (a crash, a hang) is a bug.
    func run(budget: Double, maxInputs: Int = 1_000_000, _ parse: ([UInt8]) throws -> Void) -> Report {
        var generator = SeededGenerator(seed: seed)
        var report = Report()
        let start = Date()
        while report.inputs < maxInputs, Date().timeIntervalSince(start) < budget {
            let input = mutate(seeds[Int.random(in: 0..<seeds.count, using: &generator)], &generator)
            let began = Date()
            do {
                try parse(input)
                report.accepted += 1
            } catch {
                report.refused += 1
            }
            report.slowest = max(report.slowest, Date().timeIntervalSince(began))
            report.inputs += 1
        }
        return report
    }

    /// One to four mutations of `original`.
    func mutate(_ original: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
                bytes.removeSubrange(position..<end)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4: bytes = Array(bytes.prefix(position))
            default:
                let token = Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &generator)]
                bytes.insert(contentsOf: token, at: position)
            }
        }
        return bytes
    }
}
