import LatKitRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shape of a fixed-length architecture made of categorical genes (gene `i` takes one of
/// `choices[i]` values, `0..<choices[i]`), with the sampling, variation and one-hot encoding that
/// every such search space shares (NAS-Bench-201 cells, FBNet layer choices, ...).
///
/// All randomness comes from a `SeededGenerator`, and each method draws in a fixed order, so the
/// same seed gives the same genomes on every machine.
public struct CategoricalGenome: Sendable {
    /// Number of values of each gene.
    public let choices: [Int]

    /// A genome shape; every gene needs at least one value.
    public init(choices: [Int]) {
        precondition(choices.allSatisfy { $0 > 0 }, "every gene needs at least one value")
        self.choices = choices
    }

    /// `length` genes with `choices` values each.
    public init(length: Int, choices: Int) {
        self.init(choices: Array(repeating: choices, count: length))
    }

    /// Number of genes.
    public var length: Int { choices.count }

    /// Width of the one-hot encoding: the sum of all gene choices.
    public var oneHotWidth: Int { choices.reduce(0, +) }

    /// log10 of the number of distinct genomes.
    public var sizeLog10: Double { choices.reduce(0.0) { $0 + log10(Double($1)) } }

    /// One genome drawn uniformly: each gene uniformly among its values, genes in order.
    public func sample(_ generator: inout SeededGenerator) -> [Int] {
        choices.map { generator.int(below: $0) }
    }

    /// A mutant of `genes`: gene by gene, with `probability` the gene is redrawn uniformly among
    /// all its values (so it may keep its value), as in OFA's evolution finder. Every gene costs
    /// one draw, and a redrawn gene a second one.
    public func mutate(_ genes: [Int], probability: Double, _ generator: inout SeededGenerator) -> [Int] {
        var child = genes
        for index in child.indices where generator.double() < probability {
            child[index] = generator.int(below: choices[index])
        }
        return child
    }

    /// A child of `first` and `second` by uniform crossover: each gene from either parent with
    /// probability 1/2.
    public func crossover(_ first: [Int], _ second: [Int], _ generator: inout SeededGenerator) -> [Int] {
        zip(first, second).map { generator.double() < 0.5 ? $0 : $1 }
    }

    /// Writes the one-hot encoding of `genes` (gene `i`'s block of `choices[i]` values, in gene
    /// order) into `row`, which must hold `oneHotWidth` values.
    public func writeOneHot(_ genes: [Int], into row: UnsafeMutableBufferPointer<Float>) {
        var offset = 0
        for (gene, value) in genes.enumerated() {
            for choice in 0..<choices[gene] { row[offset + choice] = choice == value ? 1 : 0 }
            offset += choices[gene]
        }
    }

    /// Checks a variation probability given by the host: finite and within [0, 1].
    public static func checkProbability(_ value: Double, name: String) throws {
        guard value.isFinite, value >= 0, value <= 1 else {
            throw PluginError.invalid("\(name) must be a probability in [0, 1], got \(value)")
        }
    }
}
