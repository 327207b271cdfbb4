import Foundation

/// Reads a pipeline file: one JSON object (format version 1). Every key is checked: an unknown
/// key or a value of the wrong type is an error naming its JSON path. Relative paths (`model`,
/// `table`, `library`, plugin `.so` files, `outputs.dir`, and option values beginning with `./` or
/// `../`) are resolved against the folder that holds the file.
public enum PipelineFile {
    /// The format version this host reads.
    public static let version = 1

    static let topKeys = [
        "version", "description", "space", "evaluators", "objectives", "constraints", "strategy", "budget", "seed", "outputs",
    ]
    static let evaluatorKeys = [
        "type", "estimator", "options", "model", "table", "db", "device", "batch_size", "isolate", "library", "symbol", "signature",
        "inputs",
    ]

    /// Reads and checks the pipeline file at `path`.
    public static func read(path: String) throws -> Pipeline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineFileError(file: path, path: "", message: "cannot be read")
        }
        return try parse(data, file: path)
    }

    /// Parses pipeline JSON; `file` names it in errors and anchors its relative paths.
    public static func parse(_ data: Data, file: String) throws -> Pipeline {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let reason = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            throw PipelineFileError(file: file, path: "", message: "not valid JSON: \(reason)")
        } catch {
            throw PipelineFileError(file: file, path: "", message: "not valid JSON: \(error)")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let resolve: (String) -> String = {
            $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: folder).appendingPathComponent($0).standardized.path
        }
        let keys = try JSONCursor(value: root, path: "", file: file).object(allowed: topKeys)
        func required(_ key: String) throws -> JSONCursor {
            guard let member = keys[key] else { throw PipelineFileError(file: file, path: "", message: "missing key '\(key)'") }
            return member
        }
        // The version first: a newer file is refused before its other keys are judged.
        let version = try required("version").integer(in: 1...Int(Int32.max))
        guard version <= PipelineFile.version else {
            throw keys["version"]!.error("format version \(version) is newer than this latkit reads (up to \(PipelineFile.version))")
        }
        if let description = keys["description"] { _ = try description.string() }

        let spaceKeys = try required("space").object(allowed: ["name", "options", "isolate"])
        guard let spaceName = spaceKeys["name"] else { throw keys["space"]!.error("missing key 'name'") }
        let space = try spaceName.string()
        let spaceOptions = try spaceKeys["options"]?.options() ?? [:]
        let isolateSpace = try spaceKeys["isolate"]?.boolean()

        var evaluators: [EvaluatorSpec] = []
        for (name, member) in try required("evaluators").namedMembers() {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                throw member.error("an evaluator name uses letters, digits, '_', '-' and '.'")
            }
            evaluators.append(try evaluator(name, member, resolve: resolve))
        }
        guard !evaluators.isEmpty else { throw keys["evaluators"]!.error("needs at least one evaluator") }
        let known = Set(evaluators.map(\.name))
        func reference(_ cursor: JSONCursor) throws -> EvaluatorSpec {
            let name = try cursor.string()
            guard let found = evaluators.first(where: { $0.name == name }) else {
                throw cursor.error("no evaluator named '\(name)' (defined: \(known.sorted().joined(separator: ", ")))")
            }
            return found
        }
        for spec in evaluators {
            for (index, input) in spec.inputs.enumerated() where !known.contains(input) {
                throw PipelineFileError(
                    file: file, path: "\(spec.path).inputs[\(index)]",
                    message: "no evaluator named '\(input)' (defined: \(known.sorted().joined(separator: ", ")))")
            }
        }

        var objectives: [SearchObjective] = []
        for item in try required("objectives").array() {
            let members = try item.object(allowed: ["evaluator", "goal"])
            guard let evaluatorKey = members["evaluator"] else { throw item.error("missing key 'evaluator'") }
            let spec = try reference(evaluatorKey)
            var maximize = spec.kind.maximizedByDefault
            if let goal = members["goal"] {
                switch try goal.string() {
                case "maximize": maximize = true
                case "minimize": maximize = false
                default: throw goal.error("expected \"maximize\" or \"minimize\"")
                }
            }
            guard let maximize else { throw item.error("a function objective needs \"goal\": \"maximize\" or \"minimize\"") }
            guard !objectives.contains(where: { $0.name == spec.name }) else {
                throw evaluatorKey.error("evaluator '\(spec.name)' is already an objective")
            }
            objectives.append(SearchObjective(name: spec.name, maximize: maximize))
        }
        guard !objectives.isEmpty else { throw keys["objectives"]!.error("needs at least one objective") }

        var constraints: [SearchConstraint] = []
        var constraintPaths: [String] = []
        for item in try keys["constraints"]?.array() ?? [] {
            let members = try item.object(allowed: ["evaluator", "max", "min", "margin", "confidence"])
            guard let evaluatorKey = members["evaluator"] else { throw item.error("missing key 'evaluator'") }
            let spec = try reference(evaluatorKey)
            let maximum = try members["max"]?.number()
            let minimum = try members["min"]?.number()
            guard maximum != nil || minimum != nil else { throw item.error("needs \"max\" or \"min\"") }
            var margin = SearchConstraint.Margin.none
            if let marginKey = members["margin"] {
                if case .string(let text) = marginKey.value {
                    guard text == "auto" else { throw marginKey.error("expected a number or \"auto\", got \"\(text)\"") }
                    let confidence = try members["confidence"]?.number() ?? 0.9
                    guard confidence > 0.5 && confidence < 1 else {
                        throw members["confidence"]!.error("expected a confidence strictly between 0.5 and 1, got \(confidence)")
                    }
                    margin = .auto(confidence: confidence)
                } else {
                    let amount = try marginKey.number()
                    guard amount >= 0 else { throw marginKey.error("a margin is not negative") }
                    margin = .fixed(amount)
                }
            }
            if let confidence = members["confidence"] {
                if case .auto = margin {} else { throw confidence.error("\"confidence\" needs \"margin\": \"auto\"") }
            }
            constraints.append(SearchConstraint(evaluator: spec.name, maximum: maximum, minimum: minimum, margin: margin))
            constraintPaths.append(item.path)
        }

        let strategyKeys = try required("strategy").object(allowed: ["name", "options", "isolate"])
        guard let strategyName = strategyKeys["name"] else { throw keys["strategy"]!.error("missing key 'name'") }
        var strategy = try strategyName.string()
        if strategy.contains("/") { strategy = resolve(strategy) }
        let strategyOptions = try strategyKeys["options"]?.options() ?? [:]
        let isolateStrategy = try strategyKeys["isolate"]?.boolean()

        let outputs = try keys["outputs"]?.object(allowed: ["top", "dir"]) ?? [:]
        return Pipeline(
            file: file, space: space, spaceOptions: spaceOptions, isolateSpace: isolateSpace, evaluators: evaluators,
            objectives: objectives, constraints: constraints, constraintPaths: constraintPaths, strategy: strategy,
            strategyOptions: strategyOptions, isolateStrategy: isolateStrategy,
            budget: try keys["budget"]?.integer(in: 1...1_000_000_000) ?? 50_000,
            seed: UInt64(try keys["seed"]?.integer(in: 0...Int(Int64.max)) ?? 0),
            top: try outputs["top"]?.integer(in: 1...1_000_000) ?? 10, outputDirectory: try outputs["dir"].map { resolve(try $0.string()) })
    }

    private static func evaluator(_ name: String, _ cursor: JSONCursor, resolve: (String) -> String) throws -> EvaluatorSpec {
        let members = try cursor.object(allowed: evaluatorKeys)
        guard let typeKey = members["type"] else {
            throw cursor.error("missing key 'type' (one of \(EvaluatorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let typeName = try typeKey.string()
        guard let kind = EvaluatorKind(rawValue: typeName) else {
            throw typeKey.error("unknown type '\(typeName)' (one of \(EvaluatorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var spec = EvaluatorSpec(
            name: name, kind: kind, path: cursor.path, estimator: nil, options: [:], model: nil, library: nil, symbol: nil, signature: nil,
            inputs: [])
        let allowed: [String]
        switch kind {
        case .latency: allowed = ["type", "estimator", "options", "model", "table", "db", "device", "batch_size", "isolate"]
        case .accuracy: allowed = ["type", "estimator", "options", "model", "isolate"]
        case .macs, .params: allowed = ["type"]
        case .function: allowed = ["type", "library", "symbol", "signature", "inputs"]
        }
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw members[extra]!.error("not a key of a \(kind.rawValue) evaluator (allowed: \(allowed.joined(separator: ", ")))")
        }
        spec.options = try members["options"]?.options() ?? [:]
        for (key, value) in spec.options where value.hasPrefix("./") || value.hasPrefix("../") { spec.options[key] = resolve(value) }
        if let estimator = members["estimator"] {
            let text = try estimator.string()
            spec.estimator = text.contains("/") ? resolve(text) : text
        }
        spec.model = try members["model"].map { resolve(try $0.string()) }
        spec.isolate = try members["isolate"]?.boolean()
        if let table = members["table"] {
            guard spec.estimator == nil || spec.estimator == "lut" else {
                throw table.error("\"table\" is the lut estimator's; leave \"estimator\" out")
            }
            guard spec.options["table"] == nil else { throw table.error("the table is given twice (also in options)") }
            spec.estimator = "lut"
            spec.options["table"] = resolve(try table.string())
        }
        if let db = members["db"] {
            guard spec.estimator != nil, spec.estimator != "lut" else {
                throw db.error("\"db\" trains an \"estimator\" on measured networks; give one (not a model file or table)")
            }
            spec.store = resolve(try db.string())
            spec.device = try members["device"]?.string()
            spec.batchSize = try members["batch_size"].map { try $0.integer(in: 1...1_000_000) }
        } else if let stray = members["device"] ?? members["batch_size"] {
            throw stray.error("\"device\" and \"batch_size\" filter a \"db\"; give one")
        }
        switch kind {
        case .latency, .accuracy:
            guard (spec.estimator == nil) != (spec.model == nil) else {
                throw cursor.error(
                    kind == .latency
                        ? "give exactly one of \"estimator\", \"model\" and \"table\"" : "give exactly one of \"estimator\" and \"model\"")
            }
            if spec.model != nil, let options = members["options"] { throw options.error("a model file carries its own options") }
        case .function:
            for key in ["library", "symbol", "signature"] where members[key] == nil { throw cursor.error("missing key '\(key)'") }
            spec.library = resolve(try members["library"]!.string())
            spec.symbol = try members["symbol"]!.string()
            spec.signature = try members["signature"]!.string()
            spec.inputs = try members["inputs"].map { try $0.array().map { try $0.string() } } ?? []
        case .macs, .params: break
        }
        return spec
    }
}
