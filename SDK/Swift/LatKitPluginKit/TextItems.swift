import LatKitPluginABI

/// A plugin-owned `latkit_sink` for the host's answers: one text per item index, appended.
final class TextItems {
    private(set) var texts: [String]
    private var written: [Bool]

    init(count: Int) {
        texts = Array(repeating: "", count: count)
        written = Array(repeating: false, count: count)
    }

    /// The first item index the host never wrote, if any.
    var firstMissing: Int? { written.firstIndex(of: false) }

    /// Calls `body` with a sink that appends to this collector.
    func withSink<R>(_ body: (UnsafePointer<latkit_sink>) -> R) -> R {
        var sink = latkit_sink(
            struct_size: UInt32(MemoryLayout<latkit_sink>.size), reserved: 0, context: Unmanaged.passUnretained(self).toOpaque(),
            put: textItemsPut)
        return withExtendedLifetime(self) { body(&sink) }
    }

    fileprivate func receive(_ index: UInt64, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let row = Int(exactly: index), row < texts.count else { return false }
        texts[row] += String(decoding: bytes, as: UTF8.self)
        written[row] = true
        return true
    }
}

private let textItemsPut: @convention(c) (UnsafeMutableRawPointer?, UInt64, UnsafePointer<CChar>?, UInt64, Double) -> latkit_status = {
    context, index, data, length, _ in
    guard let context, let count = Int(exactly: length), data != nil || count == 0 else {
        return latkit_status(LATKIT_ERR_INVALID_ARGUMENT)
    }
    let items = Unmanaged<TextItems>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data.map(UnsafeRawPointer.init), count: count)
    return items.receive(index, bytes) ? latkit_status(LATKIT_OK) : latkit_status(LATKIT_ERR_INVALID_ARGUMENT)
}
