import LatKitPluginABI

/// Calls `body` with a `latkit_progress` that forwards to `handler` (or NULL without one).
func withProgress<R>(_ handler: ProgressHandler?, _ body: (UnsafePointer<latkit_progress>?) throws -> R) rethrows -> R {
    guard let handler else { return try body(nil) }
    let box = ProgressBox(handler)
    var progress = latkit_progress(
        struct_size: UInt32(MemoryLayout<latkit_progress>.size), reserved: 0,
        context: Unmanaged.passUnretained(box).toOpaque(), report: progressReport)
    return try withExtendedLifetime(box) { try body(&progress) }
}

private final class ProgressBox {
    let handler: ProgressHandler
    init(_ handler: @escaping ProgressHandler) { self.handler = handler }
}

private let progressReport: @convention(c) (UnsafeMutableRawPointer?, Double, UnsafePointer<CChar>?) -> Int32 = {
    context, fraction, message in
    let box = Unmanaged<ProgressBox>.fromOpaque(context!).takeUnretainedValue()
    return box.handler(fraction, message.map { String(cString: $0) }) ? 0 : 1
}
