import Foundation

/// The machine-wide CPU time counters of `/proc/stat`: its first line `cpu  user nice system idle
/// iowait irq softirq steal ...` (in clock ticks, summed over cores) and the number of `cpuN` lines.
public struct ProcStat: Equatable {
    /// Ticks spent doing work: every field but idle and iowait (guest time is already in user).
    public var busyTicks: UInt64
    /// Ticks of every kind, idle included.
    public var totalTicks: UInt64
    /// The number of cores counted.
    public var cores: Int

    public init(busyTicks: UInt64, totalTicks: UInt64, cores: Int) {
        self.busyTicks = busyTicks
        self.totalTicks = totalTicks
        self.cores = cores
    }

    /// Parses the text of `/proc/stat`; nil when its aggregate `cpu` line is missing or malformed.
    public init?(parsing text: String) {
        var aggregate: [UInt64]?
        var cores = 0
        for line in text.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ")
            if fields[0] == "cpu" {
                // user nice system idle iowait irq softirq steal (guest and guest_nice are in user/nice)
                aggregate = fields.dropFirst().prefix(8).compactMap { UInt64($0) }
            } else if fields[0].dropFirst(3).allSatisfy(\.isNumber) {
                cores += 1
            }
        }
        guard let aggregate, aggregate.count >= 4 else { return nil }
        let idle = aggregate[3] + (aggregate.count > 4 ? aggregate[4] : 0)
        totalTicks = aggregate.reduce(0, +)
        busyTicks = totalTicks - idle
        self.cores = max(cores, 1)
    }

    /// The counters now, or nil where `/proc/stat` cannot be read.
    public static func read() -> ProcStat? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return ProcStat(parsing: text)
    }
}
