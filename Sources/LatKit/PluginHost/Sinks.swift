import Foundation
import LatKitPluginABI

/// Receives items a plugin writes through a `latkit_sink`.
protocol SinkReceiver: AnyObject {
    func receive(index: Int, bytes: UnsafeRawBufferPointer, value: Double) -> Bool
}

/// Calls `body` with a `latkit_sink` that forwards to `receiver`.
func withSink<R>(_ receiver: SinkReceiver, _ body: (UnsafePointer<latkit_sink>) throws -> R) rethrows -> R {
    let context = Unmanaged.passUnretained(receiver as AnyObject).toOpaque()
    var sink = latkit_sink(struct_size: UInt32(MemoryLayout<latkit_sink>.size), reserved: 0, context: context, put: sinkPut)
    return try withExtendedLifetime(receiver) { try body(&sink) }
}

/// The C side of every host sink: checks what a plugin passes before anything is read, so a
/// malformed call is an error status rather than a crash.
private let sinkPut: @convention(c) (UnsafeMutableRawPointer?, UInt64, UnsafePointer<CChar>?, UInt64, Double) -> latkit_status = {
    context, index, data, length, value in
    guard let context, let receiver = Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as? SinkReceiver,
        let row = Int(exactly: index), let byteCount = Int(exactly: length), data != nil || byteCount == 0
    else { return latkit_status(LATKIT_ERR_INVALID_ARGUMENT) }
    let bytes = UnsafeRawBufferPointer(start: data.map(UnsafeRawPointer.init), count: byteCount)
    return receiver.receive(index: row, bytes: bytes, value: value) ? latkit_status(LATKIT_OK) : latkit_status(LATKIT_ERR_INVALID_ARGUMENT)
}

/// Collects one text per output index (`count` outputs expected, each written once or appended).
final class TextCollector: SinkReceiver {
    private(set) var texts: [String]
    private var written: [Bool]

    init(count: Int) {
        texts = Array(repeating: "", count: count)
        written = Array(repeating: false, count: count)
    }

    func receive(index: Int, bytes: UnsafeRawBufferPointer, value: Double) -> Bool {
        guard index >= 0, index < texts.count else { return false }
        texts[index] += String(decoding: bytes, as: UTF8.self)
        written[index] = true
        return true
    }

    /// The texts, or an error naming the first output the plugin never wrote.
    func result(plugin: String, function: String) throws -> [String] {
        if let missing = written.firstIndex(of: false) {
            throw PluginCallError(
                plugin: plugin, function: function, status: Int32(LATKIT_ERR_INTERNAL),
                message: "returned success but wrote no output \(missing) of \(texts.count)")
        }
        return texts
    }
}

/// Collects (key, count) items per output index: the operator view.
///
/// A plugin that hands the same key from the same address (an interned key: the OFA spaces do)
/// gets one Swift string for it, shared by every list that names it, instead of a fresh copy per
/// occurrence: 100,000 OFA networks name about 2 million operators but a few thousand keys.
final class OperatorCollector: SinkReceiver {
    private(set) var operators: [[Operator]]
    /// The key last received from each address; a hit counts only if the bytes are the same.
    private var interned = AddressCache<String>()

    init(count: Int) { operators = Array(repeating: [], count: count) }

    func receive(index: Int, bytes: UnsafeRawBufferPointer, value: Double) -> Bool {
        guard index >= 0, index < operators.count else { return false }
        operators[index].append(Operator(key: key(bytes), count: value))
        return true
    }

    private func key(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let start = bytes.baseAddress else { return "" }
        let address = UInt(bitPattern: start)
        if let known = interned[address], Self.same(known, bytes) { return known }
        let key = String(decoding: bytes, as: UTF8.self)
        interned[address] = key
        return key
    }

    /// Whether `string`'s UTF-8 is exactly `bytes`.
    private static func same(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let utf8 = string.utf8
        guard utf8.count == bytes.count else { return false }
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return true }
        return utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, start, bytes.count) == 0 }
            ?? utf8.elementsEqual(bytes)
    }
}

/// Collects bytes appended to each of `count` outputs (saved estimator state is output 0; an
/// exported model per architecture is output i).
final class ByteCollector: SinkReceiver {
    private(set) var outputs: [[UInt8]]

    init(count: Int = 1) { outputs = Array(repeating: [], count: count) }

    /// Output 0: the whole of a single-output call.
    var bytes: [UInt8] { outputs[0] }

    func receive(index: Int, bytes chunk: UnsafeRawBufferPointer, value: Double) -> Bool {
        guard index >= 0, index < outputs.count else { return false }
        outputs[index].append(contentsOf: chunk)
        return true
    }
}
