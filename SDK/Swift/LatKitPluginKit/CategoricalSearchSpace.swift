import LatKitRandom

/// A search space whose architectures are fixed-length lists of categorical genes, written as
/// text in one CSV column (NAS-Bench-201 cells, FBNet layer choices, ...).
///
/// Conforming types state the genome, how to parse and write an architecture, and what each
/// architecture's genes mean (features, operators, cost); this extension then provides every
/// `SearchSpacePlugin` method: canonicalize (parse, then write), from_fields (the one column),
/// sample, mutate and crossover (see `CategoricalGenome`, seeded with `SeededGenerator`), and the
/// standard facts. `resolution_probability` is checked to be a probability but unused: such a
/// genome has no resolution or other global gene.
public protocol CategoricalSearchSpace: SearchSpacePlugin {
    /// The genes and their numbers of values.
    static var genome: CategoricalGenome { get }
    /// The CSV column `from_fields` reads (the `arch_columns` fact).
    static var architectureColumn: String { get }
    /// The encodings with their widths, default first.
    static var encodingWidths: [(name: String, width: Int)] { get }
    /// Facts beyond the standard ones (`size_log10`, `encodings`, `feature_count.*`, `arch_columns`).
    static var extraFacts: [(key: String, value: String)] { get }
    /// Parses any accepted text form; errors name the gene at fault and the allowed values.
    static func genes(parsing text: String) throws -> [Int]
    /// The canonical text form of valid genes.
    static func text(of genes: [Int]) -> String
    /// Writes the features of `genes` for encoding `encoding` (one of `encodingWidths`) into a
    /// zeroed row of its width.
    func encode(genes: [Int], encoding: String, into row: UnsafeMutableBufferPointer<Float>)
    /// The distinct operators of an architecture with their counts.
    func operators(genes: [Int]) -> [(key: String, count: Double)]
    /// Multiply-accumulates and parameters of an architecture.
    func cost(genes: [Int]) -> (macs: Double, params: Double)
}

extension CategoricalSearchSpace {
    /// Default: no extra facts.
    public static var extraFacts: [(key: String, value: String)] { [] }

    /// The standard facts (`size_log10`, `encodings`, `feature_count.*`, `arch_columns`) followed by `extraFacts`.
    public var facts: [(key: String, value: String)] {
        [
            ("size_log10", "\(Self.genome.sizeLog10)"),
            ("encodings", Self.encodingWidths.map(\.name).joined(separator: ",")),
        ] + Self.encodingWidths.map { ("feature_count.\($0.name)", "\($0.width)") }
            + [("arch_columns", Self.architectureColumn)] + Self.extraFacts
    }

    /// Parses `architecture` with `genes(parsing:)` and writes it back in canonical text form.
    public func canonicalize(_ architecture: String) throws -> String {
        Self.text(of: try Self.genes(parsing: architecture))
    }

    /// Canonicalizes the single `architectureColumn` field, prefixing errors with the column name.
    public func architecture(fromFields fields: [String]) throws -> String {
        guard fields.count == 1 else {
            throw PluginError.invalid("\(Self.architectureColumn): expected 1 field, got \(fields.count)")
        }
        do {
            return try canonicalize(fields[0])
        } catch let failure as PluginError {
            throw PluginError(failure.status, "\(Self.architectureColumn): \(failure.message)")
        }
    }

    /// Draws `count` genomes uniformly with a `SeededGenerator` seeded by `seed`.
    public func sample(seed: UInt64, count: Int) throws -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Self.text(of: Self.genome.sample(&generator)) }
    }

    /// One mutant per parent: each gene is redrawn with probability `mutationProbability`.
    public func mutate(seed: UInt64, mutationProbability: Double, resolutionProbability: Double, parents: [String]) throws -> [String] {
        try CategoricalGenome.checkProbability(mutationProbability, name: "mutation_probability")
        try CategoricalGenome.checkProbability(resolutionProbability, name: "resolution_probability")
        let genomes = try Self.parsedAll(parents, label: "parent")
        var generator = SeededGenerator(seed: seed)
        return genomes.map { Self.text(of: Self.genome.mutate($0, probability: mutationProbability, &generator)) }
    }

    /// One child per pair of parents, by uniform crossover of their genes.
    public func crossover(seed: UInt64, first: [String], second: [String]) throws -> [String] {
        guard first.count == second.count else {
            throw PluginError.invalid("crossover needs as many first as second parents (\(first.count) vs \(second.count))")
        }
        let a = try Self.parsedAll(first, label: "first parent")
        let b = try Self.parsedAll(second, label: "second parent")
        var generator = SeededGenerator(seed: seed)
        return zip(a, b).map { Self.text(of: Self.genome.crossover($0, $1, &generator)) }
    }

    /// The width of `encoding` from `encodingWidths` (nil = the first, default one).
    public func featureCount(encoding: String?) throws -> Int {
        let name = encoding ?? Self.encodingWidths[0].name
        guard let found = Self.encodingWidths.first(where: { $0.name == name }) else {
            throw PluginError.invalid("unknown encoding '\(name)' (available: \(Self.encodingWidths.map(\.name).joined(separator: ", ")))")
        }
        return found.width
    }

    /// Parses each architecture and writes its feature row into `features`, row-major.
    public func encode(_ architectures: [String], encoding: String?, into features: UnsafeMutableBufferPointer<Float>) throws {
        let name = encoding ?? Self.encodingWidths[0].name
        try writeFeatureRows(architectures, width: try featureCount(encoding: name), into: features) { text, row in
            encode(genes: try Self.genes(parsing: text), encoding: name, into: row)
        }
    }

    /// The operators of the parsed architecture, from `operators(genes:)`.
    public func operators(of architecture: String) throws -> [(key: String, count: Double)] {
        operators(genes: try Self.genes(parsing: architecture))
    }

    /// The cost of the parsed architecture, from `cost(genes:)`.
    public func cost(of architecture: String) throws -> (macs: Double, params: Double) {
        cost(genes: try Self.genes(parsing: architecture))
    }

    /// Parses every text, naming the index of the first one that fails.
    private static func parsedAll(_ texts: [String], label: String) throws -> [[Int]] {
        try texts.enumerated().map { index, text in
            do {
                return try genes(parsing: text)
            } catch let failure as PluginError {
                throw PluginError(failure.status, "\(label) \(index): \(failure.message)")
            }
        }
    }
}
