import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The messages between a host-side isolated plugin (`IsolatedEstimator`, `IsolatedSearchSpace`,
/// `IsolatedSearchStrategy`, `IsolatedProfiler`) and its `latkit plugin-worker` child. Each
/// message is a u32 length and a body; a body starts with a one-byte code. Batches travel as raw
/// arrays (float32 features, float64 costs and targets, length-prefixed strings, model bytes as
/// blobs), never as JSON.
///
/// Parent to child: one `Request` per call of the plugin's kind, and `quit`.
/// Child to parent: `ready` once the plugin's handle exists, `progress` during long calls (each
/// answered by the parent with a one-byte message: 1 go on, 0 cancel), `call` when a strategy
/// asks the host's search context for something (answered with `CallAnswer`), then `ok` with the
/// call's results or `failed` with the error as the child met it (status, plugin, call, message).
enum WorkerWire {
    /// A call of the plugin, by kind: estimators 1-6, search spaces 16-27, strategies 32,
    /// profilers 48-49. `quit` ends any worker.
    enum Request: UInt8 {
        case fit = 1, adapt, predict, save, load, quit
        case describe = 16, canonicalize, fromFields, sample, mutate, crossover, encode, operators, cost,
            exportModels, exportOperators, listOperators
        case run = 32
        case describeDevice = 48, measure

        /// The plugin function the request stands for, as errors name it.
        var function: String {
            switch self {
            case .fit: "fit"
            case .adapt: "adapt"
            case .predict: "predict"
            case .save: "save"
            case .load: "load"
            case .quit: "destroy"
            case .describe: "describe"
            case .canonicalize: "canonicalize"
            case .fromFields: "from_fields"
            case .sample: "sample"
            case .mutate: "mutate"
            case .crossover: "crossover"
            case .encode: "encode"
            case .operators: "operators"
            case .cost: "cost"
            case .exportModels: "export_models"
            case .exportOperators: "export_operators"
            case .listOperators: "list_operators"
            case .run: "run"
            case .describeDevice: "describe_device"
            case .measure: "measure"
            }
        }
    }

    enum Reply: UInt8 {
        case ready = 1, ok, failed, progress, call
    }

    /// What a strategy's worker asks of the host's search context in a `call` reply.
    enum ContextCall: UInt8 {
        case sample = 1, mutate, crossover, evaluate
    }

    /// The first byte of the parent's answer to a `call`: the results follow `ok`, one message
    /// string follows `failed`.
    enum CallAnswer: UInt8 {
        case failed = 0, ok = 1
    }

    /// A message that could not be read: the other side is not speaking this protocol.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: Batches

    static func write(_ batch: ArchitectureBatch, to writer: inout BinaryWriter) throws {
        writer.string(batch.searchSpace)
        writer.i64(batch.count)
        writer.strings(batch.architectures)
        var present: UInt8 = 0
        if batch.features != nil { present |= 1 }
        if batch.operators != nil { present |= 2 }
        if batch.costs != nil { present |= 4 }
        if batch.devices != nil { present |= 8 }
        if batch.targets != nil { present |= 16 }
        if batch.models != nil { present |= 32 }
        writer.u8(present)
        if let features = batch.features {
            writer.i64(features.rows)
            writer.i64(features.columns)
            writer.string(features.encoding)
            writer.array(features.values)
        }
        if let operators = batch.operators { write(operators, to: &writer) }
        if let costs = batch.costs { write(costs, to: &writer) }
        if let devices = batch.devices {
            writer.strings(devices.featureNames)
            writer.array(devices.values)
            writer.strings(devices.deviceIDs)
            writer.array(devices.batchSizes)
        }
        if let targets = batch.targets { writer.array(targets) }
        if let models = batch.models { write(models, to: &writer) }
    }

    /// Writes each row's operators: the per-row counts, then every key and every count.
    static func write(_ operators: [[Operator]], to writer: inout BinaryWriter) {
        writer.array(operators.map { UInt32($0.count) })
        writer.strings(operators.flatMap { $0.map(\.key) })
        writer.array(operators.flatMap { $0.map(\.count) })
    }

    /// Reads operators written by `write(_:to:)`; nil when they are truncated or disagree.
    static func readOperators(_ reader: inout BinaryReader) -> [[Operator]]? {
        guard let perRow = reader.array(UInt32.self), let keys = reader.strings(), let counts = reader.array(Double.self),
            keys.count == counts.count, perRow.reduce(0, { $0 + Int($1) }) == keys.count
        else { return nil }
        var start = 0
        return perRow.map { n in
            defer { start += Int(n) }
            return (start..<(start + Int(n))).map { Operator(key: keys[$0], count: counts[$0]) }
        }
    }

    /// Writes costs as two columns: MACs, then parameters.
    static func write(_ costs: [Cost], to writer: inout BinaryWriter) {
        writer.array(costs.map(\.macs))
        writer.array(costs.map(\.params))
    }

    /// Reads costs written by `write(_:to:)`; nil when they are truncated or disagree.
    static func readCosts(_ reader: inout BinaryReader) -> [Cost]? {
        guard let macs = reader.array(Double.self), let params = reader.array(Double.self), macs.count == params.count else {
            return nil
        }
        return zip(macs, params).map { Cost(macs: $0, params: $1) }
    }

    /// Writes runnable models: the format, then per model its bytes and input shape.
    static func write(_ models: RunnableModels, to writer: inout BinaryWriter) {
        writer.string(models.format)
        writer.i64(models.models.count)
        for model in models.models {
            writer.blob(model.bytes)
            writer.array([model.inputShape.channels, model.inputShape.height, model.inputShape.width].map(Int64.init))
        }
    }

    /// Reads models written by `write(_:to:)`; nil for a truncated or malformed list.
    static func readModels(_ reader: inout BinaryReader) -> RunnableModels? {
        guard let format = reader.string(), let count = reader.i64(), count >= 0, count <= maximumRows else { return nil }
        var models: [RunnableModel] = []
        for _ in 0..<count {
            guard let bytes = reader.blob(), let shape = reader.array(Int64.self), shape.count == 3,
                shape.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) })
            else { return nil }
            models.append(RunnableModel(bytes: bytes, inputShape: (Int(shape[0]), Int(shape[1]), Int(shape[2]))))
        }
        return RunnableModels(format: format, models: models)
    }

    /// The most rows one batch message may carry (16,777,216): a count read from the wire never
    /// makes the worker allocate more.
    static let maximumRows = 1 << 24

    /// The most architectures one `sample` call over the wire may ask for (1,000,000, the
    /// command line's own limit on `sample -n`): a count read from the wire never makes a worker
    /// or the host draw millions of architectures.
    static let maximumSampled = 1_000_000

    /// Reads a batch written by `write`, refusing a truncated message and any view whose size
    /// does not match the batch's row count.
    static func readBatch(_ reader: inout BinaryReader) throws -> ArchitectureBatch {
        let bad = Malformed(description: "a batch message is truncated or malformed")
        guard let space = reader.string(), let count = reader.i64(), count >= 0, let architectures = reader.strings(),
            let present = reader.u8()
        else { throw bad }
        guard count <= maximumRows else {
            throw Malformed(description: "a batch of \(count) rows is over the worker's limit of \(maximumRows)")
        }
        guard architectures.isEmpty || architectures.count == count else { throw bad }
        var batch = ArchitectureBatch(searchSpace: space, count: count, architectures: architectures)
        if present & 1 != 0 {
            guard let rows = reader.i64(), let columns = reader.i64(), let encoding = reader.string(),
                let values = reader.array(Float.self), rows == count, columns >= 0,
                case (let size, let overflow) = rows.multipliedReportingOverflow(by: columns), !overflow, values.count == size
            else { throw bad }
            batch.features = FeatureMatrix(values: values, rows: rows, columns: columns, encoding: encoding)
        }
        if present & 2 != 0 {
            guard let operators = readOperators(&reader), operators.count == count else { throw bad }
            batch.operators = operators
        }
        if present & 4 != 0 {
            guard let costs = readCosts(&reader), costs.count == count else { throw bad }
            batch.costs = costs
        }
        if present & 8 != 0 {
            guard let names = reader.strings(), let values = reader.array(Float.self), let ids = reader.strings(),
                let sizes = reader.array(Float.self), values.count == count * names.count, ids.count == count, sizes.count == count
            else { throw bad }
            batch.devices = DeviceRows(featureNames: names, values: values, deviceIDs: ids, batchSizes: sizes)
        }
        if present & 16 != 0 {
            guard let targets = reader.array(Double.self), targets.count == count else { throw bad }
            batch.targets = targets
        }
        if present & 32 != 0 {
            guard let models = readModels(&reader), models.models.count == count else { throw bad }
            batch.models = models
        }
        return batch
    }

    // MARK: Requests

    /// A request as the worker reads it.
    enum DecodedRequest {
        case fit(train: ArchitectureBatch, validation: ArchitectureBatch?, seed: UInt64)
        case adapt(shots: ArchitectureBatch, seed: UInt64)
        case predict(ArchitectureBatch)
        case save
        case load([UInt8])
        case quit
        /// A request of another plugin kind, with its arguments still to read.
        case otherKind(Request, arguments: BinaryReader)
    }

    /// Decodes one request body (the worker's side of the `IsolatedEstimator` methods, and the
    /// code of any other kind's request); throws
    /// `Malformed` for anything that is not a complete request.
    static func decodeRequest(_ body: [UInt8]) throws -> DecodedRequest {
        var reader = BinaryReader(body)
        let truncated = Malformed(description: "a request is truncated or malformed")
        guard let request = reader.u8().flatMap(Request.init(rawValue:)) else {
            throw Malformed(description: "not a request (first byte \(body.first.map(String.init) ?? "missing"))")
        }
        switch request {
        case .quit:
            return .quit
        case .describe, .canonicalize, .fromFields, .sample, .mutate, .crossover, .encode, .operators, .cost,
            .exportModels, .exportOperators, .listOperators, .run, .describeDevice, .measure:
            return .otherKind(request, arguments: reader)
        case .save:
            return .save
        case .fit:
            let train = try readBatch(&reader)
            guard let hasValidation = reader.u8() else { throw truncated }
            let validation = hasValidation == 1 ? try readBatch(&reader) : nil
            guard let seed = reader.u64() else { throw truncated }
            return .fit(train: train, validation: validation, seed: seed)
        case .adapt:
            let shots = try readBatch(&reader)
            guard let seed = reader.u64() else { throw truncated }
            return .adapt(shots: shots, seed: seed)
        case .predict:
            return .predict(try readBatch(&reader))
        case .load:
            guard let state = reader.blob() else { throw truncated }
            return .load(state)
        }
    }

    // MARK: Framing on file descriptors

    /// Writes one message (u32 length, body) to `fd`; false when the reader has gone (EPIPE).
    @discardableResult
    static func send(_ body: [UInt8], to fd: Int32) -> Bool {
        var message = BinaryWriter()
        message.u32(body.count)
        message.raw(body)
        return message.bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // A socket is written without SIGPIPE; a pipe (the child's replies) plainly.
                var written = Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == ENOTSOCK { written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// The outcome of waiting for a message.
    enum Received {
        case message([UInt8])
        case endOfFile
        case timedOut
    }

    /// Reads one message from `fd`, waiting at most until `deadline` (nil: forever).
    static func receive(from fd: Int32, deadline: Date?) -> Received {
        switch readExactly(4, from: fd, deadline: deadline) {
        case .message(let head):
            var reader = BinaryReader(head)
            return readExactly(reader.u32()!, from: fd, deadline: deadline)
        case let ended: return ended
        }
    }

    private static func readExactly(_ count: Int, from fd: Int32, deadline: Date?) -> Received {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return .timedOut }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(left * 1000 + 1, 60_000)))
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { continue }
            }
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                return .endOfFile
            }
            if got == 0 { return .endOfFile }
            filled += got
        }
        return .message(bytes)
    }
}
