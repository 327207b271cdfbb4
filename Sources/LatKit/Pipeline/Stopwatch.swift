#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Monotonic wall-clock time for benchmarks.
public struct Stopwatch {
    private let start = Stopwatch.now()

    /// Starts timing now.
    public init() {}

    /// Seconds since the stopwatch was made.
    public var seconds: Double { Stopwatch.now() - start }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Runs `body` and returns its result with the seconds it took.
    public static func time<R>(_ body: () throws -> R) rethrows -> (result: R, seconds: Double) {
        let watch = Stopwatch()
        let result = try body()
        return (result, watch.seconds)
    }
}
