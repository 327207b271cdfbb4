import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// ONNX Runtime's shared library, opened with `dlopen` and never closed, with its C API table
/// and one environment (logging errors only) shared by the sessions made from it.
public final class ONNXRuntimeLibrary {
    /// The file that was loaded (resolved by the dynamic loader when found by name).
    public let path: String
    /// The library's own version string, e.g. "1.32.0".
    public let version: String
    /// The C API version requested from `GetApi`.
    public let apiVersion: UInt32
    /// The address of the `OrtApi` table.
    public let apiTable: UnsafeRawPointer
    let api: ONNXRuntimeAPI
    /// The `OrtEnv*` every session of this library is created in.
    let environment: OpaquePointer
    /// CPU memory description for tensors over caller-owned buffers.
    let cpuMemoryInfo: OpaquePointer

    /// The C API version this module needs: every entry it calls is in the frozen version-1 table.
    public static let requiredAPIVersion: UInt32 = 1
    /// `OrtLoggingLevel` ORT_LOGGING_LEVEL_ERROR: warnings stay quiet.
    static let errorLogLevel: Int32 = 3

    /// `OrtApiBase`: `GetApi(version) -> const OrtApi*` and `GetVersionString() -> const char*`.
    private typealias GetAPIBase = @convention(c) () -> UnsafePointer<UnsafeRawPointer?>?
    private typealias GetAPI = @convention(c) (UInt32) -> UnsafeRawPointer?
    private typealias GetVersionString = @convention(c) () -> UnsafePointer<CChar>?

    /// Finds the library at the first of `locator`'s places that has it and loads it.
    public static func load(
        locator: ONNXRuntimeLibraryLocator = ONNXRuntimeLibraryLocator(), apiVersion: UInt32 = requiredAPIVersion
    ) throws -> ONNXRuntimeLibrary {
        var tried: [String] = []
        for candidate in locator.candidates {
            switch candidate {
            case .file(let path, let origin):
                guard access(path, F_OK) == 0 else {
                    tried.append("\(path) (\(origin): no such file)")
                    continue
                }
                return try ONNXRuntimeLibrary(handle: open(path), name: path, apiVersion: apiVersion)
            case .loaderName(let name):
                do {
                    return try ONNXRuntimeLibrary(handle: open(name), name: name, apiVersion: apiVersion)
                } catch ONNXRuntimeError.notLoadable(_, let reason) {
                    tried.append("\(name) via the dynamic loader (\(reason))")
                }
            }
        }
        throw ONNXRuntimeError.libraryNotFound(tried: tried)
    }

    /// Loads the library at `path` (an absolute path, or a name for the dynamic loader).
    public convenience init(path: String, apiVersion: UInt32 = requiredAPIVersion) throws {
        try self.init(handle: Self.open(path), name: path, apiVersion: apiVersion)
    }

    private static func open(_ name: String) throws -> UnsafeMutableRawPointer {
        _ = dlerror()
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen failure"
            throw ONNXRuntimeError.notLoadable(
                path: name, reason: reason.hasPrefix(name + ": ") ? String(reason.dropFirst(name.count + 2)) : reason)
        }
        return handle
    }

    private init(handle: UnsafeMutableRawPointer, name: String, apiVersion: UInt32) throws {
        guard let symbol = dlsym(handle, "OrtGetApiBase") else { throw ONNXRuntimeError.missingEntryPoint(path: name) }
        path = Self.mappedFile(containing: symbol) ?? name
        guard let base = unsafeBitCast(symbol, to: GetAPIBase.self)(), let getAPI = base[0], let getVersion = base[1] else {
            throw ONNXRuntimeError.missingEntryPoint(path: path)
        }
        version = unsafeBitCast(getVersion, to: GetVersionString.self)().map { String(cString: $0) } ?? "(unknown version)"
        self.apiVersion = apiVersion
        guard let table = unsafeBitCast(getAPI, to: GetAPI.self)(apiVersion) else {
            throw ONNXRuntimeError.apiVersionUnavailable(path: path, libraryVersion: version, requested: apiVersion)
        }
        apiTable = table
        let api = try ONNXRuntimeAPI(table: table.assumingMemoryBound(to: UnsafeRawPointer?.self), path: path, version: version)
        self.api = api
        var environment: OpaquePointer?
        try api.check(api.createEnv(Self.errorLogLevel, "latkit", &environment), .createEnv)
        var memoryInfo: OpaquePointer?
        do {
            try api.check(api.createCpuMemoryInfo(1, 0, &memoryInfo), .createCpuMemoryInfo)
        } catch {
            api.releaseEnv(environment)
            throw error
        }
        self.environment = environment!
        self.cpuMemoryInfo = memoryInfo!
    }

    /// The file mapped at `address`, from /proc/self/maps (Glibc's module lacks `dladdr`): the
    /// real path of a library the dynamic loader found by name.
    static func mappedFile(containing address: UnsafeRawPointer) -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        let target = UInt(bitPattern: address)
        for line in maps.split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            guard fields.count == 6, bounds.count == 2, bounds[0] <= target, target < bounds[1] else { continue }
            return fields[5].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    deinit {
        api.releaseMemoryInfo(cpuMemoryInfo)
        api.releaseEnv(environment)
    }
}
