import LatKitPluginABI

/// A search space: parses, samples, varies, encodes and prices architectures given as text.
///
/// Implement this and register it with `PluginRegistration.searchSpace(_:)`. Every method works on
/// canonical strings; the SDK handles batching, sinks and errors.
public protocol SearchSpacePlugin: PluginIdentity {
    /// Facts as key/value pairs: `size_log10`, `encodings` (default first), `feature_count.<name>`,
    /// `arch_columns` (the CSV columns that hold an architecture), and any others.
    var facts: [(key: String, value: String)] { get }
    /// Parses and validates one architecture; returns its canonical form.
    func canonicalize(_ architecture: String) throws -> String
    /// Builds an architecture from the CSV fields named by the `arch_columns` fact.
    func architecture(fromFields fields: [String]) throws -> String
    /// `count` architectures drawn uniformly; deterministic for a seed on every machine.
    func sample(seed: UInt64, count: Int) throws -> [String]
    /// One mutant per parent.
    func mutate(seed: UInt64, mutationProbability: Double, resolutionProbability: Double, parents: [String]) throws -> [String]
    /// One child per pair, by uniform crossover.
    func crossover(seed: UInt64, first: [String], second: [String]) throws -> [String]
    /// Number of features of `encoding` (nil = the default).
    func featureCount(encoding: String?) throws -> Int
    /// Writes the encodings of `architectures` row-major into `features` (count x featureCount).
    func encode(_ architectures: [String], encoding: String?, into features: UnsafeMutableBufferPointer<Float>) throws
    /// The distinct operators of one architecture with their counts.
    func operators(of architecture: String) throws -> [(key: String, count: Double)]
    /// Multiply-accumulates and parameters of one architecture.
    func cost(of architecture: String) throws -> (macs: Double, params: Double)

    // Since ABI 1.1, optional: runnable models for profilers. The defaults export nothing.

    /// Formats `exportModel` writes, e.g. ["onnx"] (stated to the host as the `export_formats` fact).
    var exportFormats: [String] { get }
    /// A runnable model of one architecture in `format` (for "onnx", see `export_models` in the header).
    func exportModel(of architecture: String, format: String) throws -> ExportedModel
    /// A runnable model of one operator, keyed as `operators(of:)` writes it.
    func exportModel(ofOperator key: String, format: String) throws -> ExportedModel
    /// Keys `operatorKeys(scope:)` understands (stated as the `operator_scope` fact), e.g. ["resolution"].
    var operatorScopeKeys: [String] { get }
    /// Every distinct operator key within `scope` (empty: the whole space), in a stable order.
    func operatorKeys(scope: [String: String]) throws -> [String]
}

extension SearchSpacePlugin {
    public var exportFormats: [String] { [] }
    public var operatorScopeKeys: [String] { [] }
    public func exportModel(of architecture: String, format: String) throws -> ExportedModel {
        throw PluginError.unsupported("\(Self.name) exports no runnable models")
    }
    public func exportModel(ofOperator key: String, format: String) throws -> ExportedModel {
        throw PluginError.unsupported("\(Self.name) exports no runnable models")
    }
    public func operatorKeys(scope: [String: String]) throws -> [String] {
        throw PluginError.unsupported("\(Self.name) does not list its operators")
    }

    /// The facts the host reads: the plugin's own, plus `export_formats` and `operator_scope`
    /// derived from the 1.1 members, so they cannot disagree with what the plugin does.
    var statedFacts: [(key: String, value: String)] {
        var all = facts
        if !exportFormats.isEmpty, !all.contains(where: { $0.key == "export_formats" }) {
            all.append(("export_formats", exportFormats.joined(separator: ",")))
        }
        if !operatorScopeKeys.isEmpty, !all.contains(where: { $0.key == "operator_scope" }) {
            all.append(("operator_scope", operatorScopeKeys.joined(separator: ",")))
        }
        return all
    }
}

/// The search-space instance behind a handle made by `createThunk`.
private func plugin(_ handle: OpaquePointer?) -> SearchSpacePlugin {
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue() as! SearchSpacePlugin
}

enum SearchSpaceThunks {
    static func table() -> latkit_search_space_api {
        var table = latkit_search_space_api()
        table.header = header(MemoryLayout<latkit_search_space_api>.size)
        table.create = createThunk
        table.destroy = destroyThunk
        table.describe = { handle, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                try sink.put(plugin(handle).statedFacts.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
            }
        }
        table.canonicalize = { handle, count, archs, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let space = plugin(handle)
                for (index, arch) in try strings(archs, count: Int(count)).enumerated() {
                    do {
                        try sink.put(try space.canonicalize(arch), index: index)
                    } catch let failure as PluginError {
                        throw PluginError(failure.status, "architecture \(index): \(failure.message)")
                    }
                }
            }
        }
        table.from_fields = { handle, count, fieldCount, fields, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let space = plugin(handle)
                let all = try strings(fields, count: Int(count) * Int(fieldCount), what: "field")
                for row in 0..<Int(count) {
                    let slice = Array(all[(row * Int(fieldCount))..<((row + 1) * Int(fieldCount))])
                    do {
                        try sink.put(try space.architecture(fromFields: slice), index: row)
                    } catch let failure as PluginError {
                        throw PluginError(failure.status, "row \(row): \(failure.message)")
                    }
                }
            }
        }
        table.sample = { handle, seed, count, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                for (index, arch) in try plugin(handle).sample(seed: seed, count: Int(count)).enumerated() {
                    try sink.put(arch, index: index)
                }
            }
        }
        table.mutate = { handle, seed, variation, count, parents, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                guard let variation else { throw PluginError.invalid("no variation parameters given") }
                let children = try plugin(handle).mutate(
                    seed: seed, mutationProbability: variation.pointee.mutation_probability,
                    resolutionProbability: variation.pointee.resolution_probability,
                    parents: try strings(parents, count: Int(count)))
                for (index, arch) in children.enumerated() { try sink.put(arch, index: index) }
            }
        }
        table.crossover = { handle, seed, count, first, second, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let children = try plugin(handle).crossover(
                    seed: seed, first: try strings(first, count: Int(count)), second: try strings(second, count: Int(count)))
                for (index, arch) in children.enumerated() { try sink.put(arch, index: index) }
            }
        }
        table.encode = { handle, encoding, count, archs, features, featureCount, error in
            guarded(error) {
                let space = plugin(handle)
                let name = encoding.map { String(cString: $0) }
                let expected = try space.featureCount(encoding: name)
                guard expected == Int(featureCount) else {
                    throw PluginError.invalid("encoding \(name ?? "default") has \(expected) features, the host asked for \(featureCount)")
                }
                guard count == 0 || features != nil else { throw PluginError.invalid("no feature buffer given") }
                let buffer = UnsafeMutableBufferPointer(start: features, count: Int(count) * expected)
                try space.encode(try strings(archs, count: Int(count)), encoding: name, into: buffer)
            }
        }
        table.operators = { handle, count, archs, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let space = plugin(handle)
                for (index, arch) in try strings(archs, count: Int(count)).enumerated() {
                    for op in try space.operators(of: arch) { try sink.put(op.key, index: index, value: op.count) }
                }
            }
        }
        table.cost = { handle, count, archs, macs, params, error in
            guarded(error) {
                let space = plugin(handle)
                for (index, arch) in try strings(archs, count: Int(count)).enumerated() {
                    let cost = try space.cost(of: arch)
                    macs?[index] = cost.macs
                    params?[index] = cost.params
                }
            }
        }
        table.export_models = { handle, format, count, archs, shapes, out, error in
            guarded(error) {
                let space = plugin(handle)
                try exportEach(format, count, archs, shapes, out, what: "architecture") { try space.exportModel(of: $0, format: $1) }
            }
        }
        table.export_operators = { handle, format, count, keys, shapes, out, error in
            guarded(error) {
                let space = plugin(handle)
                try exportEach(format, count, keys, shapes, out, what: "operator key") { try space.exportModel(ofOperator: $0, format: $1) }
            }
        }
        table.list_operators = { handle, scope, out, error in
            guarded(error) {
                let sink = try OutputSink(out)
                let space = plugin(handle)
                var parsed: [String: String] = [:]
                for line in (scope.map { String(cString: $0) } ?? "").split(whereSeparator: \.isNewline) where !line.isEmpty {
                    guard let equals = line.firstIndex(of: "=") else { throw PluginError.invalid("scope line '\(line)' is not key=value") }
                    let key = String(line[..<equals])
                    guard space.operatorScopeKeys.contains(key) else {
                        let known = space.operatorScopeKeys.isEmpty ? "none" : space.operatorScopeKeys.joined(separator: ", ")
                        throw PluginError.invalid("unknown operator scope '\(key)' (known: \(known))")
                    }
                    parsed[key] = String(line[line.index(after: equals)...])
                }
                for key in try space.operatorKeys(scope: parsed) { try sink.put(key) }
            }
        }
        return table
    }
}

/// Exports each of `count` named items (architectures or operator keys) through `export`, writing
/// the model bytes as sink item i and the input shape as row i of `shapes`.
private func exportEach(
    _ format: UnsafePointer<CChar>?, _ count: UInt64, _ items: UnsafePointer<UnsafePointer<CChar>?>?,
    _ shapes: UnsafeMutablePointer<Int64>?, _ out: UnsafePointer<latkit_sink>?, what: String,
    _ export: (String, String) throws -> ExportedModel
) throws {
    let sink = try OutputSink(out)
    guard let format else { throw PluginError.invalid("no model format given") }
    guard count == 0 || shapes != nil else { throw PluginError.invalid("no input-shape array given") }
    let formatName = String(cString: format)
    for (index, item) in try strings(items, count: Int(count), what: what).enumerated() {
        let model: ExportedModel
        do {
            model = try export(item, formatName)
        } catch let failure as PluginError {
            throw PluginError(failure.status, "\(what) \(index): \(failure.message)")
        }
        try model.bytes.withUnsafeBytes { try sink.put(bytes: $0, index: index) }
        shapes![index * 3] = Int64(model.channels)
        shapes![index * 3 + 1] = Int64(model.height)
        shapes![index * 3 + 2] = Int64(model.width)
    }
}
