import COpenBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which of OpenBLAS's kernel families does the matrix work, and a correction when it chose
/// badly.
///
/// OpenBLAS (built with DYNAMIC_ARCH, as Debian's is) picks kernels for the CPU once, when it is
/// loaded. OpenBLAS 0.3.21, Debian 12's, does not know Sapphire Rapids and later Xeons and falls
/// back to its generic `Prescott` (SSE3) kernels: sgemm at about 28 GFLOP/s on one core here,
/// against about 150 with the AVX-512 kernels the CPU can run. `selectForThisCPU()` reselects
/// them: when OpenBLAS fell back to `Prescott` and `/proc/cpuinfo` lists AVX-512 (or AVX2 and
/// FMA), it sets `OPENBLAS_CORETYPE` (which child processes then inherit) and has OpenBLAS pick
/// its kernels again through its exported `gotoblas_dynamic_quit` / `gotoblas_dynamic_init`. It
/// changes nothing when the user set `OPENBLAS_CORETYPE`, when OpenBLAS chose anything else, or
/// when the library is not a DYNAMIC_ARCH OpenBLAS. Call it once, first thing, before any thread
/// does matrix work.
public enum BLASKernels {
    /// What `selectForThisCPU()` found and did.
    public struct Selection: Sendable, Equatable, CustomStringConvertible {
        /// The kernel family OpenBLAS chose when it loaded, e.g. "Prescott"; nil when unknown.
        public var chosen: String?
        /// The family in use afterwards.
        public var inUse: String?

        /// "OpenBLAS Cooperlake kernels (reselected; it chose Prescott)", or "OpenBLAS Haswell kernels".
        public var description: String {
            guard let inUse else { return "BLAS kernels unknown" }
            guard let chosen, chosen != inUse else { return "OpenBLAS \(inUse) kernels" }
            return "OpenBLAS \(inUse) kernels (reselected; it chose \(chosen))"
        }
    }

    /// The kernel family OpenBLAS uses now, or nil when the library does not say.
    public static var inUse: String? {
        openblas_get_corename().map { String(cString: $0) }
    }

    /// The family to use on a CPU with these `/proc/cpuinfo` flags, best first; nil when the
    /// generic kernels are all it can run.
    public static func family(forFlags flags: Set<String>) -> String? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains) {
            return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }

    private static let selection: Selection = select()

    /// Reselects OpenBLAS's kernels once per process (see the type's documentation); returns what
    /// was chosen and what is in use.
    @discardableResult
    public static func selectForThisCPU() -> Selection { selection }

    private static func select() -> Selection {
        let chosen = inUse
        guard let chosen, chosen.lowercased() == "prescott", getenv("OPENBLAS_CORETYPE") == nil,
            let target = family(forFlags: cpuFlags()),
            let quit = function("gotoblas_dynamic_quit"), let initialize = function("gotoblas_dynamic_init")
        else { return Selection(chosen: chosen, inUse: chosen) }
        setenv("OPENBLAS_CORETYPE", target, 1)
        quit()
        initialize()
        return Selection(chosen: chosen, inUse: inUse)
    }

    private static func function(_ name: String) -> (@convention(c) () -> Void)? {
        // A null handle is RTLD_DEFAULT: the libraries the process has loaded, OpenBLAS among them.
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) () -> Void).self)
    }

    /// The flags of the first processor in `/proc/cpuinfo`; empty where there is none.
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
