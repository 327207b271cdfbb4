/// The entries of ONNX Runtime's C API table (`OrtApi`) that this module calls, declared here by
/// slot because the wheel ships no header. `OrtApi` is an append-only array of C function
/// pointers; every slot used here lies in its frozen version-1 part, so API version 1 suffices.
///
/// Slot numbers were counted in `include/onnxruntime/core/session/onnxruntime_c_api.h` and each
/// one is exercised by the tests (a wrong slot crashes or returns nonsense at once). Every entry
/// returning `OrtStatus*` returns NULL on success. Handles are opaque pointers.
struct ONNXRuntimeAPI {
    /// An `OrtStatus*`: NULL means success.
    typealias Status = OpaquePointer?
    /// An out-parameter receiving a handle (`OrtEnv**`, `OrtSession**`, ...).
    typealias HandleOut = UnsafeMutablePointer<OpaquePointer?>?
    typealias Release = @convention(c) (OpaquePointer?) -> Void

    /// The table's slots used here, with their C entry names.
    enum Slot: Int, CaseIterable {
        case getErrorMessage = 2
        case createEnv = 3
        case createSessionFromArray = 8
        case run = 9
        case createSessionOptions = 10
        case setSessionGraphOptimizationLevel = 23
        case setIntraOpNumThreads = 24
        case setInterOpNumThreads = 25
        case createTensorWithDataAsOrtValue = 49
        case getTensorMutableData = 51
        case getTensorElementType = 60
        case getDimensionsCount = 61
        case getDimensions = 62
        case getTensorShapeElementCount = 64
        case getTensorTypeAndShape = 65
        case createCpuMemoryInfo = 69
        case releaseEnv = 92
        case releaseStatus = 93
        case releaseMemoryInfo = 94
        case releaseSession = 95
        case releaseValue = 96
        case releaseTensorTypeAndShapeInfo = 99
        case releaseSessionOptions = 100

        /// The C name, for error messages: `createEnv` -> `CreateEnv`.
        var entryName: String {
            let name = "\(self)"
            return name.prefix(1).uppercased() + name.dropFirst()
        }
    }

    let getErrorMessage: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    /// (log level, log id, &env)
    let createEnv: @convention(c) (Int32, UnsafePointer<CChar>?, HandleOut) -> Status
    /// (env, model bytes, byte count, options, &session)
    let createSessionFromArray: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, OpaquePointer?, HandleOut) -> Status
    /// (session, run options, input names, inputs, input count, output names, output count, outputs)
    let run:
        @convention(c) (
            OpaquePointer?, OpaquePointer?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<OpaquePointer?>?, Int,
            UnsafePointer<UnsafePointer<CChar>?>?, Int, UnsafeMutablePointer<OpaquePointer?>?
        ) -> Status
    let createSessionOptions: @convention(c) (HandleOut) -> Status
    /// (options, level: 0, 1, 2 or 99)
    let setSessionGraphOptimizationLevel: @convention(c) (OpaquePointer?, Int32) -> Status
    let setIntraOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status
    let setInterOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status
    /// (memory info, data, byte count, shape, rank, element type, &value); the caller keeps the data.
    let createTensorWithDataAsOrtValue:
        @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafePointer<Int64>?, Int, Int32, HandleOut) -> Status
    let getTensorMutableData: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Status
    /// (type-and-shape info, &element type)
    let getTensorElementType: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> Status
    let getDimensionsCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> Status
    /// (info, dimensions out, capacity)
    let getDimensions: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int64>?, Int) -> Status
    let getTensorShapeElementCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>?) -> Status
    /// (value, &type-and-shape info), released with `releaseTensorTypeAndShapeInfo`
    let getTensorTypeAndShape: @convention(c) (OpaquePointer?, HandleOut) -> Status
    /// (allocator type: 1 = arena, memory type: 0 = default, &info)
    let createCpuMemoryInfo: @convention(c) (Int32, Int32, HandleOut) -> Status
    let releaseEnv: Release
    let releaseStatus: Release
    let releaseMemoryInfo: Release
    let releaseSession: Release
    let releaseValue: Release
    let releaseTensorTypeAndShapeInfo: Release
    let releaseSessionOptions: Release

    /// ONNX's element type code of float32 tensors.
    static let floatElementType: Int32 = 1

    /// Reads the entries from the table at `table`, or names the first NULL slot.
    init(table: UnsafePointer<UnsafeRawPointer?>, path: String, version: String) throws {
        for slot in Slot.allCases where table[slot.rawValue] == nil {
            throw ONNXRuntimeError.missingAPIEntry(path: path, libraryVersion: version, entry: slot.entryName)
        }
        func entry<F>(_ slot: Slot) -> F { unsafeBitCast(table[slot.rawValue]!, to: F.self) }
        getErrorMessage = entry(.getErrorMessage)
        createEnv = entry(.createEnv)
        createSessionFromArray = entry(.createSessionFromArray)
        run = entry(.run)
        createSessionOptions = entry(.createSessionOptions)
        setSessionGraphOptimizationLevel = entry(.setSessionGraphOptimizationLevel)
        setIntraOpNumThreads = entry(.setIntraOpNumThreads)
        setInterOpNumThreads = entry(.setInterOpNumThreads)
        createTensorWithDataAsOrtValue = entry(.createTensorWithDataAsOrtValue)
        getTensorMutableData = entry(.getTensorMutableData)
        getTensorElementType = entry(.getTensorElementType)
        getDimensionsCount = entry(.getDimensionsCount)
        getDimensions = entry(.getDimensions)
        getTensorShapeElementCount = entry(.getTensorShapeElementCount)
        getTensorTypeAndShape = entry(.getTensorTypeAndShape)
        createCpuMemoryInfo = entry(.createCpuMemoryInfo)
        releaseEnv = entry(.releaseEnv)
        releaseStatus = entry(.releaseStatus)
        releaseMemoryInfo = entry(.releaseMemoryInfo)
        releaseSession = entry(.releaseSession)
        releaseValue = entry(.releaseValue)
        releaseTensorTypeAndShapeInfo = entry(.releaseTensorTypeAndShapeInfo)
        releaseSessionOptions = entry(.releaseSessionOptions)
    }

    /// Throws `status`'s message (releasing it) when the call named by `slot` failed.
    func check(_ status: Status, _ slot: Slot) throws {
        guard let status else { return }
        let message = getErrorMessage(status).map { String(cString: $0) } ?? "(no message)"
        releaseStatus(status)
        throw ONNXRuntimeError.call(entry: slot.entryName, message: oneLine(message))
    }
}
