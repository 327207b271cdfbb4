#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock (`CLOCK_MONOTONIC`): never jumps, so differences are durations.
enum MonotonicClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
