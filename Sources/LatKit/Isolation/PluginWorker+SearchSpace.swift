extension PluginWorker {
    /// The results of a search space's request (the child side of `IsolatedSearchSpace`).
    static func answerSearchSpace(_ space: PluginSearchSpace, _ request: WorkerWire.DecodedRequest) throws -> BinaryWriter {
        guard case .otherKind(let code, var arguments) = request else {
            throw WorkerWire.Malformed(description: "not a search-space request")
        }
        let truncated = WorkerWire.Malformed(description: "a \(code.function) request is truncated or malformed")
        func strings() throws -> [String] {
            guard let values = arguments.strings() else { throw truncated }
            return values
        }
        func encoding() throws -> String? {
            guard let present = arguments.u8(), let name = arguments.string() else { throw truncated }
            return present == 0 ? nil : name
        }
        var results = BinaryWriter()
        switch code {
        case .describe:
            let keys = space.facts.keys.sorted()
            results.strings(keys)
            results.strings(keys.map { space.facts[$0]! })
        case .canonicalize:
            results.strings(try space.canonicalize(try strings()))
        case .fromFields:
            guard let width = arguments.i64(), width > 0 else { throw truncated }
            let fields = try strings()
            guard fields.count % width == 0 else { throw truncated }
            results.strings(
                try space.architectures(fromFields: stride(from: 0, to: fields.count, by: width).map { Array(fields[$0..<($0 + width)]) }))
        case .sample, .mutate, .crossover:
            let call: WorkerWire.ContextCall = code == .sample ? .sample : code == .mutate ? .mutate : .crossover
            guard let variation = ArchitectureVariation.read(call, from: &arguments) else { throw truncated }
            results.strings(try variation.answer(by: space))
        case .encode:
            let architectures = try strings()
            let matrix = try space.encode(architectures, encoding: try encoding())
            results.i64(matrix.rows)
            results.i64(matrix.columns)
            results.string(matrix.encoding)
            results.array(matrix.values)
        case .operators:
            WorkerWire.write(try space.operators(try strings()), to: &results)
        case .cost:
            WorkerWire.write(try space.cost(try strings()), to: &results)
        case .exportModels, .exportOperators:
            let items = try strings()
            guard let format = arguments.string() else { throw truncated }
            let models =
                code == .exportModels ? try space.exportModels(items, format: format) : try space.exportOperators(items, format: format)
            WorkerWire.write(models, to: &results)
        case .listOperators:
            let keys = try strings()
            let values = try strings()
            guard keys.count == values.count else { throw truncated }
            results.strings(try space.listOperators(scope: Dictionary(zip(keys, values)) { first, _ in first }))
        default:
            throw WorkerWire.Malformed(description: "\(code.function) is not a search-space request")
        }
        return results
    }
}
