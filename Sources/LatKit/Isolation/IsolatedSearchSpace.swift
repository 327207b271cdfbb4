/// A search-space plugin that runs in a child `latkit plugin-worker` process: every call is one
/// request and reply through a `WorkerConnection` (arguments and results as raw arrays), so a
/// space that crashes, aborts, exits or hangs costs the call, not the host.
public final class IsolatedSearchSpace: SearchSpace {
    /// The plugin's name.
    public var name: String { worker.name }
    /// The facts the space stated about itself (asked once, when the worker started).
    public let facts: [String: String]

    private let worker: WorkerConnection

    /// Starts `executable plugin-worker` for `plugin` and reads the space's facts.
    public init(plugin: PluginInfo, options: [String: String], executable: String, timeout: Double? = nil) throws {
        worker = try WorkerConnection(plugin: plugin, options: options, executable: executable, timeout: timeout)
        var reply = try worker.exchange([WorkerWire.Request.describe.rawValue], function: "describe")
        guard let keys = reply.strings(), let values = reply.strings(), keys.count == values.count else {
            throw worker.malformed("describe")
        }
        facts = Dictionary(zip(keys, values)) { first, _ in first }
    }

    /// Sends `request` with the arguments `fill` writes; returns the reply's results.
    private func call(_ request: WorkerWire.Request, _ fill: (inout BinaryWriter) -> Void) throws -> BinaryReader {
        var body = BinaryWriter()
        body.u8(request.rawValue)
        fill(&body)
        return try worker.exchange(body.bytes, function: request.function)
    }

    /// A call whose reply is `count` architecture strings.
    private func texts(_ request: WorkerWire.Request, count: Int, _ fill: (inout BinaryWriter) -> Void) throws -> [String] {
        var reply = try call(request, fill)
        guard let texts = reply.strings(), texts.count == count else { throw worker.malformed(request.function) }
        return texts
    }

    private static func write(_ encoding: String?, to body: inout BinaryWriter) {
        body.u8(encoding == nil ? 0 : 1)
        body.string(encoding ?? "")
    }

    public func canonicalize(_ architectures: [String]) throws -> [String] {
        try texts(.canonicalize, count: architectures.count) { $0.strings(architectures) }
    }

    public func architectures(fromFields rows: [[String]]) throws -> [String] {
        guard let width = rows.first?.count else { return [] }
        precondition(rows.allSatisfy { $0.count == width }, "every row needs the same number of fields")
        return try texts(.fromFields, count: rows.count) {
            $0.i64(width)
            $0.strings(rows.flatMap { $0 })
        }
    }

    public func sample(count: Int, seed: UInt64) throws -> [String] {
        try vary(.sample, .sample(count: count, seed: seed))
    }

    public func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        try vary(
            .mutate,
            .mutate(parents: parents, seed: seed, mutationProbability: mutationProbability, resolutionProbability: resolutionProbability))
    }

    public func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        precondition(first.count == second.count, "crossover needs pairs")
        return try vary(.crossover, .crossover(first: first, second: second, seed: seed))
    }

    /// One `sample`, `mutate` or `crossover` request.
    private func vary(_ request: WorkerWire.Request, _ variation: ArchitectureVariation) throws -> [String] {
        try texts(request, count: variation.resultCount) { variation.write(to: &$0) }
    }

    /// From the facts read when the worker started, as in-process: no round trip.
    public func featureCount(encoding: String?) throws -> Int { try declaredFeatureCount(encoding: encoding) }

    public func encode(_ architectures: [String], encoding: String?) throws -> FeatureMatrix {
        var reply = try call(.encode) {
            $0.strings(architectures)
            Self.write(encoding, to: &$0)
        }
        guard let rows = reply.i64(), rows == architectures.count, let columns = reply.i64(), columns >= 0,
            let name = reply.string(), let values = reply.array(Float.self),
            case (let size, false) = rows.multipliedReportingOverflow(by: columns), values.count == size
        else { throw worker.malformed("encode") }
        return FeatureMatrix(values: values, rows: rows, columns: columns, encoding: name)
    }

    public func operators(_ architectures: [String]) throws -> [[Operator]] {
        var reply = try call(.operators) { $0.strings(architectures) }
        guard let operators = WorkerWire.readOperators(&reply), operators.count == architectures.count else {
            throw worker.malformed("operators")
        }
        return operators
    }

    public func cost(_ architectures: [String]) throws -> [Cost] {
        var reply = try call(.cost) { $0.strings(architectures) }
        guard let costs = WorkerWire.readCosts(&reply), costs.count == architectures.count else { throw worker.malformed("cost") }
        return costs
    }

    public func exportModels(_ architectures: [String], format: String) throws -> RunnableModels {
        try models(.exportModels, architectures, format: format)
    }

    public func exportOperators(_ keys: [String], format: String) throws -> RunnableModels {
        try models(.exportOperators, keys, format: format)
    }

    private func models(_ request: WorkerWire.Request, _ items: [String], format: String) throws -> RunnableModels {
        var reply = try call(request) {
            $0.strings(items)
            $0.string(format)
        }
        guard let models = WorkerWire.readModels(&reply), models.models.count == items.count else {
            throw worker.malformed(request.function)
        }
        return models
    }

    public func listOperators(scope: [String: String]) throws -> [String] {
        let keys = scope.keys.sorted()
        var reply = try call(.listOperators) {
            $0.strings(keys)
            $0.strings(keys.map { scope[$0]! })
        }
        guard let operators = reply.strings() else { throw worker.malformed("list_operators") }
        return operators
    }
}
