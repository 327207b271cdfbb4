import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The messages between an `IsolatedEstimator` and its `latkit plugin-worker` child. Each message
/// is a u32 length and a body; a body starts with a one-byte code. Batches travel as raw arrays
/// (float32 features, float64 costs and targets, length-prefixed strings), never as JSON.
///
/// Parent to child: `fit`, `adapt`, `predict`, `save`, `load`, `quit` (see `Request`).
/// Child to parent: `ready` once the plugin's handle exists, `progress` during fit and adapt
/// (each answered by the parent with a one-byte message: 1 go on, 0 cancel), then `ok` with the
/// call's results or `failed` with the error as the child met it (status, plugin, call, message).
enum EstimatorWire {
    enum Request: UInt8 {
        case fit = 1, adapt, predict, save, load, quit

        var function: String {
            switch self {
            case .fit: "fit"
            case .adapt: "adapt"
            case .predict: "predict"
            case .save: "save"
            case .load: "load"
            case .quit: "destroy"
            }
        }
    }

    enum Reply: UInt8 {
        case ready = 1, ok, failed, progress
    }

    /// A message that could not be read: the other side is not speaking this protocol.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: Batches

    static func write(_ batch: ArchitectureBatch, to writer: inout BinaryWriter) throws {
        guard batch.models == nil else {
            throw Malformed(description: "runnable models cannot be sent to an isolated estimator")
        }
        writer.string(batch.searchSpace)
        writer.i64(batch.count)
        writer.strings(batch.architectures)
        var present: UInt8 = 0
        if batch.features != nil { present |= 1 }
        if batch.operators != nil { present |= 2 }
        if batch.costs != nil { present |= 4 }
        if batch.devices != nil { present |= 8 }
        if batch.targets != nil { present |= 16 }
        writer.u8(present)
        if let features = batch.features {
            writer.i64(features.rows)
            writer.i64(features.columns)
            writer.string(features.encoding)
            writer.array(features.values)
        }
        if let operators = batch.operators {
            writer.array(operators.map { UInt32($0.count) })
            writer.strings(operators.flatMap { $0.map(\.key) })
            writer.array(operators.flatMap { $0.map(\.count) })
        }
        if let costs = batch.costs {
            writer.array(costs.map(\.macs))
            writer.array(costs.map(\.params))
        }
        if let devices = batch.devices {
            writer.strings(devices.featureNames)
            writer.array(devices.values)
            writer.strings(devices.deviceIDs)
            writer.array(devices.batchSizes)
        }
        if let targets = batch.targets { writer.array(targets) }
    }

    /// The most rows one batch message may carry (16,777,216): a count read from the wire never
    /// makes the worker allocate more.
    static let maximumRows = 1 << 24

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
            guard let perRow = reader.array(UInt32.self), let keys = reader.strings(), let counts = reader.array(Double.self),
                perRow.count == count, keys.count == counts.count, perRow.reduce(0, { $0 + Int($1) }) == keys.count
            else { throw bad }
            var start = 0
            batch.operators = perRow.map { n in
                defer { start += Int(n) }
                return (start..<(start + Int(n))).map { Operator(key: keys[$0], count: counts[$0]) }
            }
        }
        if present & 4 != 0 {
            guard let macs = reader.array(Double.self), let params = reader.array(Double.self), macs.count == count,
                params.count == count
            else { throw bad }
            batch.costs = zip(macs, params).map { Cost(macs: $0, params: $1) }
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
    }

    /// Decodes one request body (the worker's side of the `IsolatedEstimator` methods); throws
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
