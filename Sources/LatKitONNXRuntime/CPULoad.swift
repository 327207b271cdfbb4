#if canImport(Glibc)
    import Glibc
#endif

/// How busy the rest of the machine was between two samples: the CPU time used by every other
/// process, as a fraction of the cores this process leaves free.
///
/// Machine-wide busy time comes from `/proc/stat`; this process's own CPU time (all its threads,
/// from `getrusage`) is subtracted, so a measurement does not count itself. The cores left free
/// are all cores minus the threads the measurement uses (at least one core, so that a run using
/// every core still reports other processes' use against one core's worth). The result is clamped
/// to [0, 1]: 0.5 with one thread on a 2-core machine means the other core was busy half the time.
/// `/proc/stat` counts in clock ticks (1/100 s), so a window of a few ticks gives a coarse value.
public struct CPULoad {
    /// Machine counters, this process's CPU seconds and the monotonic time at one moment.
    public struct Sample: Equatable {
        public var stat: ProcStat
        public var ownCPUSeconds: Double
        public var time: Double

        public init(stat: ProcStat, ownCPUSeconds: Double, time: Double) {
            self.stat = stat
            self.ownCPUSeconds = ownCPUSeconds
            self.time = time
        }

        /// Now, or nil where `/proc/stat` cannot be read.
        public static func now() -> Sample? {
            guard let stat = ProcStat.read() else { return nil }
            return Sample(stat: stat, ownCPUSeconds: CPULoad.ownCPUSeconds(), time: MonotonicClock.now())
        }
    }

    /// Clock ticks per second of `/proc/stat`.
    public static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// The busy fraction of the cores left to others between `start` and `end`, for a measurement
    /// using `threads` cores; nil when the window is shorter than `minimumTicks` clock ticks per
    /// core (10 ms each): one tick more or less would swing a shorter window between 0 and 1.
    public static func otherCoresLoad(
        from start: Sample, to end: Sample, threads: Int, ticksPerSecond: Double = ticksPerSecond, minimumTicks: UInt64 = 5
    ) -> Double? {
        let cores = UInt64(max(end.stat.cores, 1))
        guard end.stat.totalTicks >= start.stat.totalTicks + minimumTicks * cores, end.stat.busyTicks >= start.stat.busyTicks else {
            return nil
        }
        let busy = Double(end.stat.busyTicks - start.stat.busyTicks) / ticksPerSecond
        let total = Double(end.stat.totalTicks - start.stat.totalTicks) / ticksPerSecond
        let own = max(0, end.ownCPUSeconds - start.ownCPUSeconds)
        let freeCores = max(Int(cores) - max(threads, 0), 1)
        let capacity = total / Double(cores) * Double(freeCores)
        return min(max((busy - own) / capacity, 0), 1)
    }

    /// User plus system CPU seconds of this process (all threads) so far.
    public static func ownCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
