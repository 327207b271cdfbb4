import Foundation
import LatKitONNXRuntime
import LatKitPluginABI
import LatKitPluginKit

/// `onnxruntime-cpu`: times the runnable ONNX models a search space exports (whole networks or
/// single operators) on this machine's CPU with ONNX Runtime, loaded at run time with dlopen.
///
/// Protocol (defaults): graph optimisation level 99, 1 intra-op thread, batch 1, 10 warm-up runs,
/// 50 timed runs on the monotonic clock; the load of the other cores is read from /proc/stat around
/// the timed runs, and a measurement taken while they were busier than `max_load` is retried after
/// waiting for a quiet window (the least busy attempt is kept when none was quiet).
final class ONNXRuntimeCPUProfiler: ProfilerPlugin {
    static let name = "onnxruntime-cpu"
    static let version = "1.0.0"
    static let summary = "Real latency on this CPU: ONNX Runtime (dlopen'ed) times the models a search space exports"
    static let optionsHelp = """
        ort_lib=  ONNX Runtime library (default: $LATKIT_ORT_LIB, then .deps/onnxruntime/libonnxruntime.so.1.32.0 from 'make ort')
        opt_level=99  graph optimisation level (0, 1, 2 or 99; 99 enables the fast NCHWc kernels)
        max_load=0.5  highest busy fraction of the other cores accepted during a measurement (1 = any)
        retries=3  further attempts when the machine was busier than max_load
        quiet_wait=5  longest wait (s) for a quiet window before a retry
        """
    static let views = UInt32(LATKIT_VIEW_ARCHITECTURES | LATKIT_VIEW_MODELS)

    private let library: ONNXRuntimeLibrary
    private let base: MeasurementProtocol

    init(options: PluginOptions) throws {
        let path = options.string("ort_lib", default: "")
        let level = try options.int("opt_level", default: 99)
        guard [0, 1, 2, 99].contains(level) else { throw PluginError.invalid("opt_level must be 0, 1, 2 or 99, got \(level)") }
        let maxLoad = try options.double("max_load", default: 0.5)
        guard (0...1).contains(maxLoad) else { throw PluginError.invalid("max_load must be within 0...1, got \(maxLoad)") }
        let retries = try options.int("retries", default: 3)
        let quietWait = try options.double("quiet_wait", default: 5)
        guard (0...20).contains(retries), (0...600).contains(quietWait) else {
            throw PluginError.invalid("retries must be 0...20 and quiet_wait 0...600 s")
        }
        base = MeasurementProtocol(optimizationLevel: level, maxLoad: maxLoad, retries: retries, quietWaitTimeout: quietWait)
        do {
            library = try ONNXRuntimeLibrary.load(
                locator: ONNXRuntimeLibraryLocator(explicitPath: path, executablePath: Self.pluginFile()))
        } catch {
            throw PluginError(latkit_status(LATKIT_ERR_IO), "\(error)")
        }
    }

    func describeDevice() throws -> [(key: String, value: String)] {
        let cpu = CPUDescription.read()
        return [
            ("name", "\(cpu.model) (\(cpu.cores) cores)"), ("kind", "cpu"), ("cores", String(cpu.cores)),
            ("memory_gb", String(format: "%.1f", cpu.memoryGB)), ("engine", "onnxruntime \(library.version)"),
            ("engine_library", library.path),
        ]
    }

    func measure(_ batch: BatchView, options: MeasureOptions, progress: ProgressReporter) throws -> [Result<MeasuredLatency, PluginError>] {
        let models = try batch.models()
        guard models.format == "onnx" || models.models.isEmpty else {
            throw PluginError.unsupported("models in format '\(models.format)'; this profiler runs onnx")
        }
        var measurement = base
        measurement.warmupRuns = options.warmupRuns ?? base.warmupRuns
        measurement.timedRuns = options.timedRuns ?? base.timedRuns
        measurement.batchSize = options.batchSize ?? base.batchSize
        measurement.intraOpThreads = options.threads ?? base.intraOpThreads
        let timer = LatencyTimer(library: library, measurementProtocol: measurement)
        var results: [Result<MeasuredLatency, PluginError>] = []
        for (row, model) in models.models.enumerated() {
            do {
                let measured = try timer.measure(modelBytes: Array(model.bytes), inputShape: [model.channels, model.height, model.width])
                let s = measured.statistics
                results.append(
                    .success(
                        MeasuredLatency(
                            meanMs: s.meanMs, stdMs: s.stdMs, minMs: s.minMs, medianMs: s.medianMs, machineLoad: s.load, runs: s.runs)))
            } catch {
                results.append(.failure(PluginError(latkit_status(LATKIT_ERR_INVALID_ARGUMENT), "row \(row): \(error)")))
            }
            try progress.report(Double(row + 1) / Double(max(models.models.count, 1)), "\(row + 1)/\(models.models.count)")
        }
        return results
    }

    /// This plugin's own library file, so that the library search can look in the package root above it.
    private static func pluginFile() -> String? {
        var info = SharedObjectInfo()
        guard sharedObjectInfo(#dsohandle, &info) != 0, let name = info.fileName else { return nil }
        return String(cString: name)
    }
}

/// glibc's `Dl_info` (four pointers), which Swift's Glibc module does not export.
private struct SharedObjectInfo {
    var fileName: UnsafePointer<CChar>? = nil
    var base: UnsafeMutableRawPointer? = nil
    var symbolName: UnsafePointer<CChar>? = nil
    var symbolAddress: UnsafeMutableRawPointer? = nil
}

/// `int dladdr(const void *address, Dl_info *info)`: the shared object that holds `address`.
@_silgen_name("dladdr")
private func sharedObjectInfo(_ address: UnsafeRawPointer, _ info: UnsafeMutablePointer<SharedObjectInfo>) -> Int32
