import LatKitPluginABI

/// A search-space plugin behind the typed `SearchSpace` protocol.
final class PluginSearchSpace: SearchSpace {
    private let instance: PluginInstance
    private let api: latkit_search_space_api
    let facts: [String: String]

    var name: String { instance.plugin.name }

    init(plugin: PluginInfo, options: [String: String]) throws {
        instance = try PluginInstance(plugin: plugin, options: options)
        api = plugin.table(as: latkit_search_space_api.self)
        let collector = TextCollector(count: 1)
        let describe = api.describe
        try instance.call("describe") { handle, error in
            withSink(collector) { describe!(handle, $0, error) }
        }
        var facts: [String: String] = [:]
        for line in try collector.result(plugin: plugin.name, function: "describe")[0].split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.facts = facts
    }

    private func texts(
        _ function: String, count: Int,
        _ body: (OpaquePointer, UnsafePointer<latkit_sink>, UnsafeMutablePointer<latkit_error>) -> latkit_status
    ) throws -> [String] {
        let collector = TextCollector(count: count)
        try instance.call(function) { handle, error in withSink(collector) { body(handle, $0, error) } }
        return try collector.result(plugin: name, function: function)
    }

    func canonicalize(_ architectures: [String]) throws -> [String] {
        let call = api.canonicalize!
        return try withCStrings(architectures) { archs in
            try texts("canonicalize", count: architectures.count) { call($0, UInt64(architectures.count), archs, $1, $2) }
        }
    }

    func architectures(fromFields rows: [[String]]) throws -> [String] {
        guard let width = rows.first?.count else { return [] }
        precondition(rows.allSatisfy { $0.count == width }, "every row needs the same number of fields")
        let call = api.from_fields!
        return try withCStrings(rows.flatMap { $0 }) { fields in
            try texts("from_fields", count: rows.count) { call($0, UInt64(rows.count), UInt32(width), fields, $1, $2) }
        }
    }

    func sample(count: Int, seed: UInt64) throws -> [String] {
        let call = api.sample!
        return try texts("sample", count: count) { call($0, seed, UInt64(count), $1, $2) }
    }

    func mutate(_ parents: [String], seed: UInt64, mutationProbability: Double, resolutionProbability: Double) throws -> [String] {
        let call = api.mutate!
        var variation = latkit_variation(
            struct_size: UInt32(MemoryLayout<latkit_variation>.size), reserved: 0,
            mutation_probability: mutationProbability, resolution_probability: resolutionProbability)
        return try withCStrings(parents) { archs in
            try texts("mutate", count: parents.count) { call($0, seed, &variation, UInt64(parents.count), archs, $1, $2) }
        }
    }

    func crossover(_ first: [String], _ second: [String], seed: UInt64) throws -> [String] {
        precondition(first.count == second.count, "crossover needs pairs")
        let call = api.crossover!
        return try withCStrings(first) { a in
            try withCStrings(second) { b in
                try texts("crossover", count: first.count) { call($0, seed, UInt64(first.count), a, b, $1, $2) }
            }
        }
    }

    func featureCount(encoding: String?) throws -> Int { try declaredFeatureCount(encoding: encoding) }

    func encode(_ architectures: [String], encoding: String?) throws -> FeatureMatrix {
        let columns = try featureCount(encoding: encoding)
        let resolved = encoding ?? encodings.first ?? ""
        var values = [Float](repeating: 0, count: architectures.count * columns)
        let call = api.encode!
        try withCStrings(architectures) { archs in
            try values.withUnsafeMutableBufferPointer { buffer in
                try resolved.withCString { name in
                    try instance.call("encode") {
                        call($0, name, UInt64(architectures.count), archs, buffer.baseAddress, UInt32(columns), $1)
                    }
                }
            }
        }
        return FeatureMatrix(values: values, rows: architectures.count, columns: columns, encoding: resolved)
    }

    func operators(_ architectures: [String]) throws -> [[Operator]] {
        let collector = OperatorCollector(count: architectures.count)
        let call = api.operators!
        try withCStrings(architectures) { archs in
            try instance.call("operators") { handle, error in
                withSink(collector) { call(handle, UInt64(architectures.count), archs, $0, error) }
            }
        }
        return collector.operators
    }

    func cost(_ architectures: [String]) throws -> [Cost] {
        var macs = [Double](repeating: 0, count: architectures.count)
        var params = [Double](repeating: 0, count: architectures.count)
        let call = api.cost!
        try withCStrings(architectures) { archs in
            try instance.call("cost") { call($0, UInt64(architectures.count), archs, &macs, &params, $1) }
        }
        return zip(macs, params).map { Cost(macs: $0, params: $1) }
    }

    func exportModels(_ architectures: [String], format: String) throws -> RunnableModels {
        guard let call = api.export_models else { throw unsupported("export_models") }
        return try exported("export_models", architectures, format: format) { call($0, $1, $2, $3, $4, $5, $6) }
    }

    func exportOperators(_ keys: [String], format: String) throws -> RunnableModels {
        guard let call = api.export_operators else { throw unsupported("export_operators") }
        return try exported("export_operators", keys, format: format) { call($0, $1, $2, $3, $4, $5, $6) }
    }

    func listOperators(scope: [String: String]) throws -> [String] {
        guard let call = api.list_operators else { throw unsupported("list_operators") }
        let collector = OperatorCollector(count: 1)
        try optionsText(scope).withCString { scopeText in
            try instance.call("list_operators") { handle, error in withSink(collector) { call(handle, scopeText, $0, error) } }
        }
        return collector.operators[0].map(\.key)
    }

    /// Runs an export call (architectures or operator keys in, model bytes and input shapes out)
    /// and checks that every row got a model and a positive shape.
    private func exported(
        _ function: String, _ items: [String], format: String,
        _ body: (
            OpaquePointer, UnsafePointer<CChar>, UInt64, UnsafePointer<UnsafePointer<CChar>?>, UnsafeMutablePointer<Int64>,
            UnsafePointer<latkit_sink>, UnsafeMutablePointer<latkit_error>
        ) -> latkit_status
    ) throws -> RunnableModels {
        let collector = ByteCollector(count: items.count)
        var shapes = [Int64](repeating: 0, count: max(1, items.count * 3))
        try withCStrings(items) { names in
            try format.withCString { formatText in
                try shapes.withUnsafeMutableBufferPointer { shapeBuffer in
                    try instance.call(function) { handle, error in
                        withSink(collector) { body(handle, formatText, UInt64(items.count), names, shapeBuffer.baseAddress!, $0, error) }
                    }
                }
            }
        }
        var models: [RunnableModel] = []
        models.reserveCapacity(items.count)
        for (row, bytes) in collector.outputs.enumerated() {
            let shape = shapes[(row * 3)..<(row * 3 + 3)].map { Int($0) }
            guard !bytes.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
                throw PluginCallError(
                    plugin: name, function: function, status: Int32(LATKIT_ERR_INTERNAL),
                    message: "returned success but no model or no input shape for '\(items[row])'")
            }
            models.append(RunnableModel(bytes: bytes, inputShape: (shape[0], shape[1], shape[2])))
        }
        return RunnableModels(format: format, models: models)
    }

    private func unsupported(_ function: String) -> PluginCallError {
        PluginCallError(
            plugin: name, function: function, status: Int32(LATKIT_ERR_UNSUPPORTED),
            message: "this search space (ABI \(instance.plugin.abiMajor).\(instance.plugin.abiMinor)) cannot export runnable models")
    }
}
