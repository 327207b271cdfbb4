import LatKitPluginABI

/// Writes items to a host-owned `latkit_sink`. The host copies each item before `put` returns.
public struct OutputSink {
    let sink: UnsafePointer<latkit_sink>

    init(_ sink: UnsafePointer<latkit_sink>?) throws {
        guard let sink, sink.pointee.put != nil else { throw PluginError.invalid("no output sink given") }
        self.sink = sink
    }

    /// Appends `text` (UTF-8) to output `index`, with an optional number attached.
    public func put(_ text: String, index: Int = 0, value: Double = 0) throws {
        var text = text
        try text.withUTF8 { bytes in
            try put(bytes: UnsafeRawBufferPointer(bytes), index: index, value: value)
        }
    }

    /// Appends raw bytes to output `index`.
    public func put(bytes: UnsafeRawBufferPointer, index: Int = 0, value: Double = 0) throws {
        let status = sink.pointee.put(
            sink.pointee.context, UInt64(index),
            bytes.baseAddress?.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), value)
        guard status == LATKIT_OK else {
            throw PluginError(status, "the host refused output \(index) (status \(status))")
        }
    }
}

/// Reports progress of a long call to the host, and learns whether it asked to stop.
public struct ProgressReporter {
    let progress: UnsafePointer<latkit_progress>?
    /// Where this reporter's 0...1 lands in the call's progress: `start + span * fraction`.
    private var start = 0.0
    private var span = 1.0
    /// Put before every message (e.g. "calibration fold 2/5: ").
    private var prefix = ""

    init(_ progress: UnsafePointer<latkit_progress>?) { self.progress = progress }

    /// A reporter for one stage of the call, which covers `start...end` of its progress and
    /// whose messages begin with `prefix`; cancelling it cancels the call.
    public func stage(_ start: Double, _ end: Double, prefix: String = "") -> ProgressReporter {
        var stage = self
        stage.start = self.start + self.span * start
        stage.span = self.span * (end - start)
        stage.prefix = self.prefix + prefix
        return stage
    }

    /// A reporter that reports nowhere (for plugins calling their own code).
    public static var silent: ProgressReporter { ProgressReporter(nil) }

    /// Reports `fraction` (0...1, negative when unknown) and an optional message; throws
    /// `PluginError.cancelled` when the host asks the plugin to stop.
    public func report(_ fraction: Double, _ message: String? = nil) throws {
        guard let progress, let report = progress.pointee.report else { return }
        let fraction = fraction < 0 ? fraction : start + span * fraction
        let message = message.map { prefix + $0 } ?? (prefix.isEmpty ? nil : prefix)
        let stop: Int32
        if let message {
            stop = message.withCString { report(progress.pointee.context, fraction, $0) }
        } else {
            stop = report(progress.pointee.context, fraction, nil)
        }
        if stop != 0 { throw PluginError.cancelled }
    }
}

/// Converts an array of C strings (`const char *const *`) to Swift strings; `what` names them in errors.
func strings(_ pointer: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, what: String = "architecture") throws -> [String] {
    guard count > 0 else { return [] }
    guard let pointer else { throw PluginError.invalid("no \(what) strings given for \(count) rows") }
    return try (0..<count).map { index in
        guard let item = pointer[index] else { throw PluginError.invalid("\(what) \(index) is NULL") }
        return String(cString: item)
    }
}
