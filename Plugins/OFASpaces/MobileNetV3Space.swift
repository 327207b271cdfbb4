import LatKitPluginKit
import LatKitRandom

/// Everything the four OFA-family search spaces share: a supernet width, the gene rules, and the
/// search-space calls on canonical strings (see `ArchitectureText` for the format).
struct MobileNetV3Space: Sendable {
    let supernet: MobileNetV3Supernet
    let rules: SubnetRules
    /// The lookup-table keys of the layers met so far.
    let keys = LookupKeyCache()

    /// The `resolutions` option's help line.
    static let resolutionsHelp =
        "resolutions=128..224 step 4  input resolutions: a comma list (each 112..239) or 'paper' (= 160,176,192,208,224)"

    /// The help of the CompOFA spaces' options: `width` and `resolutions`.
    static let widthAndResolutionsHelp = "width=1.0  supernet width: 1.0 (stem 16) or 1.2 (stem 24)\n" + resolutionsHelp

    /// A space of `supernet`, reading the `resolutions` option.
    init(supernet: MobileNetV3Supernet, coupling: GeneCoupling, options: PluginOptions) throws {
        self.supernet = supernet
        rules = SubnetRules(coupling: coupling, resolutions: try Self.resolutions(options.string("resolutions", default: "")))
    }

    /// A space whose supernet the `width` option chooses (1.0 or 1.2), reading `resolutions` too.
    init(coupling: GeneCoupling, options: PluginOptions) throws {
        let width = try options.choice("width", default: "1.0", allowed: ["1.0", "1.2"])
        try self.init(supernet: MobileNetV3Supernet.of(width: width) ?? .w10, coupling: coupling, options: options)
    }

    private static func resolutions(_ text: String) throws -> [Int] {
        if text.isEmpty { return MobileNetV3Supernet.defaultResolutions }
        if text == "paper" { return MobileNetV3Supernet.paperResolutions }
        let range = MobileNetV3Supernet.encodableResolutions
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.filter { $0 != " " }
            guard let value = Int(item), range.contains(value) else {
                throw PluginError.invalid(
                    "option resolutions=\(text): '\(item)' is not a whole number in \(range.lowerBound)..\(range.upperBound) "
                        + "(the range the paper128 encoding covers), nor is the option 'paper'")
            }
            guard !values.contains(value) else { throw PluginError.invalid("option resolutions=\(text) lists \(value) twice") }
            values.append(value)
        }
        return values.sorted()
    }

    // MARK: SearchSpacePlugin calls

    var facts: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("size_log10", "\((rules.sizeLog10 * 10000).rounded() / 10000)"),
            ("encodings", FeatureEncoding.allCases.map(\.rawValue).joined(separator: ",")),
        ]
        for encoding in FeatureEncoding.allCases { facts.append(("feature_count.\(encoding.rawValue)", "\(encoding.featureCount)")) }
        let coupling: String
        switch rules.coupling {
        case .free: coupling = "free"
        case .compofaFixedKernel: coupling = "compofa-fixed-kernel"
        case .compofaElasticKernel: coupling = "compofa-elastic-kernel"
        }
        facts += [
            ("arch_columns", ArchitectureText.fieldNames.joined(separator: ",")),
            ("width", supernet.width),
            ("supernet", supernet.zooName),
            ("resolutions", rules.resolutions.map(String.init).joined(separator: ",")),
            ("coupling", coupling),
        ]
        return facts
    }

    /// Parses and validates one architecture.
    func architecture(_ text: String) throws -> SubnetArchitecture {
        try rules.validate(try ArchitectureText.parse(text))
    }

    func canonicalize(_ text: String) throws -> String {
        ArchitectureText.format(try architecture(text))
    }

    func architecture(fromFields fields: [String]) throws -> String {
        ArchitectureText.format(try rules.validate(try ArchitectureText.parse(fields: fields)))
    }

    func sample(seed: UInt64, count: Int) -> [String] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in ArchitectureText.format(rules.sample(using: &random)) }
    }

    func mutate(seed: UInt64, mutationProbability: Double, resolutionProbability: Double, parents: [String]) throws -> [String] {
        try CategoricalGenome.checkProbability(mutationProbability, name: "mutation_probability")
        try CategoricalGenome.checkProbability(resolutionProbability, name: "resolution_probability")
        var random = SeededGenerator(seed: seed)
        return try parents.enumerated().map { index, text in
            let parent = try labelled("parent \(index)") { try architecture(text) }
            return ArchitectureText.format(
                rules.mutate(
                    parent, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability, using: &random))
        }
    }

    func crossover(seed: UInt64, first: [String], second: [String]) throws -> [String] {
        guard first.count == second.count else {
            throw PluginError.invalid("crossover needs pairs: \(first.count) first parents, \(second.count) second parents")
        }
        var random = SeededGenerator(seed: seed)
        return try (0..<first.count).map { index in
            let a = try labelled("first parent \(index)") { try architecture(first[index]) }
            let b = try labelled("second parent \(index)") { try architecture(second[index]) }
            return ArchitectureText.format(rules.crossover(a, b, using: &random))
        }
    }

    func encode(_ architectures: [String], encoding: String?, into features: UnsafeMutableBufferPointer<Float>) throws {
        let encoding = try FeatureEncoding.named(encoding)
        let width = encoding.featureCount
        guard features.count >= architectures.count * width, let base = features.baseAddress else {
            if architectures.isEmpty { return }
            throw PluginError.invalid("feature buffer holds \(features.count) values, needs \(architectures.count * width)")
        }
        for (index, text) in architectures.enumerated() {
            let arch = try labelled("architecture \(index)") { try architecture(text) }
            let row = base + index * width
            row.update(repeating: 0, count: width)
            encoding.encode(arch, supernet: supernet, into: row)
        }
    }

    func operators(of text: String) throws -> [(key: String, count: Double)] {
        supernet.operators(of: try architecture(text), keys: keys)
    }

    func cost(of text: String) throws -> (macs: Double, params: Double) {
        let cost = supernet.cost(of: try architecture(text))
        return (cost.macs, cost.params)
    }

    /// Runs `body`, prefixing the message of a `PluginError` it throws with `label`.
    private func labelled<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as PluginError {
            throw PluginError(failure.status, "\(label()): \(failure.message)")
        }
    }
}

/// A search-space plugin backed by a `MobileNetV3Space`: provides every `SearchSpacePlugin` call.
protocol MobileNetV3SpacePlugin: SearchSpacePlugin {
    var space: MobileNetV3Space { get }
}

extension MobileNetV3SpacePlugin {
    static var version: String { "1.0.0" }
    static var optionsHelp: String { MobileNetV3Space.resolutionsHelp }
    var facts: [(key: String, value: String)] { space.facts }
    func canonicalize(_ architecture: String) throws -> String { try space.canonicalize(architecture) }
    func architecture(fromFields fields: [String]) throws -> String { try space.architecture(fromFields: fields) }
    func sample(seed: UInt64, count: Int) throws -> [String] { space.sample(seed: seed, count: count) }
    func mutate(seed: UInt64, mutationProbability: Double, resolutionProbability: Double, parents: [String]) throws -> [String] {
        try space.mutate(
            seed: seed, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability, parents: parents)
    }
    func crossover(seed: UInt64, first: [String], second: [String]) throws -> [String] {
        try space.crossover(seed: seed, first: first, second: second)
    }
    func featureCount(encoding: String?) throws -> Int { try FeatureEncoding.named(encoding).featureCount }
    func encode(_ architectures: [String], encoding: String?, into features: UnsafeMutableBufferPointer<Float>) throws {
        try space.encode(architectures, encoding: encoding, into: features)
    }
    func operators(of architecture: String) throws -> [(key: String, count: Double)] { try space.operators(of: architecture) }
    func cost(of architecture: String) throws -> (macs: Double, params: Double) { try space.cost(of: architecture) }
    var operatorScopeKeys: [String] { ["resolution"] }
    var exportFormats: [String] { MobileNetV3Space.exportFormats }
    func exportModel(of architecture: String, format: String) throws -> ExportedModel {
        try space.exportModel(of: architecture, format: format)
    }
    func exportModel(ofOperator key: String, format: String) throws -> ExportedModel {
        try space.exportModel(ofOperator: key, format: format)
    }
    func operatorKeys(scope: [String: String]) throws -> [String] { try space.operatorKeys(scope: scope) }
}
