#if canImport(Glibc)
    import Glibc
#endif

/// Waiting until the other processes leave the machine quiet enough to measure.
public enum QuietWindow {
    /// Samples the load of the cores a `threads`-thread measurement would leave free over
    /// successive windows of `window` seconds until one is at most `maxLoad` or `timeout` seconds
    /// have passed. Returns the last load seen (nil when none could be read).
    @discardableResult
    public static func wait(maxLoad: Double, threads: Int, timeout: Double, window: Double = 0.2) -> Double? {
        let deadline = MonotonicClock.now() + max(timeout, 0)
        var last: Double?
        repeat {
            guard let start = CPULoad.Sample.now() else { return nil }
            usleep(useconds_t(max(window, 0.01) * 1e6))
            guard let end = CPULoad.Sample.now() else { return nil }
            if let load = CPULoad.otherCoresLoad(from: start, to: end, threads: threads) {
                last = load
                if load <= maxLoad { return load }
            }
        } while MonotonicClock.now() < deadline
        return last
    }
}
