import Foundation

/// What this machine's CPU is, from /proc/cpuinfo and /proc/meminfo (Linux).
struct CPUDescription {
    var model: String
    var cores: Int
    var memoryGB: Double

    static func read() -> CPUDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(whereSeparator: \.isNewline).first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kilobytes =
            meminfo.split(whereSeparator: \.isNewline).first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Double($0) } ?? 0
        return CPUDescription(model: model, cores: ProcessInfo.processInfo.activeProcessorCount, memoryGB: kilobytes / 1_048_576)
    }
}
