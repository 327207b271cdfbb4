import LatKitPluginABI

/// A search space: the set of architectures a NAS run explores, and everything the host needs to
/// turn an architecture into the views estimators ask for.
///
/// Architectures are strings in the space's canonical text form. Every call is batched; `sample`,
/// `mutate` and `crossover` come from `ArchitectureGenerator`.
public protocol SearchSpace: ArchitectureGenerator {
    /// The plugin's name, e.g. "ofa-mbv3-w1.0".
    var name: String { get }
    /// Facts the space states about itself (`size_log10`, `encodings`, `arch_columns`, ...).
    var facts: [String: String] { get }
    /// Parses and validates architectures; returns their canonical forms.
    func canonicalize(_ architectures: [String]) throws -> [String]
    /// Builds architectures from CSV fields, one array of fields (in `architectureColumns` order) per row.
    func architectures(fromFields rows: [[String]]) throws -> [String]
    /// Number of features of an encoding (nil = default).
    func featureCount(encoding: String?) throws -> Int
    /// The encodings of `architectures` as a row-major float32 matrix.
    func encode(_ architectures: [String], encoding: String?) throws -> FeatureMatrix
    /// The operators (lookup-table keys with counts) of each architecture.
    func operators(_ architectures: [String]) throws -> [[Operator]]
    /// Multiply-accumulates and parameters of each architecture.
    func cost(_ architectures: [String]) throws -> [Cost]
    /// A runnable model of each architecture in `format` (e.g. "onnx"), for profilers (ABI 1.1).
    func exportModels(_ architectures: [String], format: String) throws -> RunnableModels
    /// A runnable model of each single operator, keyed as `operators` writes them (ABI 1.1).
    func exportOperators(_ keys: [String], format: String) throws -> RunnableModels
    /// Every distinct operator key within `scope` (e.g. ["resolution": "224"]; empty = all) (ABI 1.1).
    func listOperators(scope: [String: String]) throws -> [String]
}

extension SearchSpace {
    /// The CSV columns that hold an architecture, e.g. ["ks", "e", "d", "r"].
    public var architectureColumns: [String] { listFact("arch_columns") }
    /// Names of the encodings the space offers, default first.
    public var encodings: [String] { listFact("encodings") }
    /// log10 of the number of architectures in the space.
    public var sizeLog10: Double? { facts["size_log10"].flatMap(Double.init) }
    /// Model formats `exportModels` writes (the `export_formats` fact), e.g. ["onnx"]; empty when
    /// the space cannot hand out runnable models.
    public var exportFormats: [String] { listFact("export_formats") }
    /// The keys `listOperators(scope:)` understands (the `operator_scope` fact), e.g. ["resolution"].
    public var operatorScopeKeys: [String] { listFact("operator_scope") }

    /// The feature count the space states for `encoding` (nil: its default), from its
    /// `feature_count.<encoding>` fact; throws naming the encodings it has when it states none.
    func declaredFeatureCount(encoding: String?) throws -> Int {
        let resolved = encoding ?? encodings.first ?? ""
        guard let text = facts["feature_count.\(resolved)"], let count = Int(text) else {
            throw PluginCallError(
                plugin: name, function: "describe", status: Int32(LATKIT_ERR_INVALID_ARGUMENT),
                message: "no encoding '\(resolved)' (available: \(encodings.joined(separator: ", ")))")
        }
        return count
    }

    private func listFact(_ key: String) -> [String] {
        (facts[key] ?? "").split(separator: ",").map { String($0).trimmedSpaces }
    }
}

/// A row-major float32 matrix: `rows` x `columns` values.
public struct FeatureMatrix: Equatable, Sendable {
    /// The values, row after row.
    public var values: [Float]
    /// Number of rows (architectures).
    public var rows: Int
    /// Number of columns (features per architecture).
    public var columns: Int
    /// The encoding that produced it.
    public var encoding: String

    /// Wraps `values`, which must hold exactly `rows` x `columns` values.
    public init(values: [Float], rows: Int, columns: Int, encoding: String) {
        precondition(values.count == rows * columns, "feature matrix needs rows x columns values")
        self.values = values
        self.rows = rows
        self.columns = columns
        self.encoding = encoding
    }

    /// Row `index` as a slice.
    public func row(_ index: Int) -> ArraySlice<Float> { values[(index * columns)..<((index + 1) * columns)] }
}

/// One operator of a network: a lookup-table key and how often it occurs.
public struct Operator: Equatable, Hashable, Sendable {
    /// The lookup-table key naming the operator and its configuration.
    public var key: String
    /// How many times it occurs in the network.
    public var count: Double
    /// Creates an operator entry.
    public init(key: String, count: Double) {
        self.key = key
        self.count = count
    }
}

/// The cost of a network.
public struct Cost: Equatable, Sendable {
    /// Multiply-accumulates.
    public var macs: Double
    /// Parameters.
    public var params: Double
    /// Creates a cost.
    public init(macs: Double, params: Double) {
        self.macs = macs
        self.params = params
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, carriage returns and newlines.
    /// Walks indices in from both ends: building the result through reversed views made reading a
    /// 100,000-line architecture file take 4.6 s, half of `latkit predict`.
    var trimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var start = startIndex
        var end = endIndex
        while start < end, isSpace(self[start]) { start = index(after: start) }
        while end > start, isSpace(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
