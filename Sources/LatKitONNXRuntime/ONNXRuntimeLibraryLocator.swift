import Foundation

/// Where the ONNX Runtime library is looked for, in order:
/// 1. an explicit path (the profiler's `ort_lib=` option, `--ort-lib`): when given, the only place;
/// 2. `$LATKIT_ORT_LIB`;
/// 3. `.deps/onnxruntime/libonnxruntime.so.1.32.0` (what `make ort` fetches) under the current
///    directory, then under the package root above the executable (`.build/release/latkit`, which
///    resolves to `.build/<triple>/release/latkit`, so two and three folders above its folder);
/// 4. `libonnxruntime.so` through the dynamic loader's own search (`LD_LIBRARY_PATH`, ldconfig).
public struct ONNXRuntimeLibraryLocator {
    /// The library version `make ort` fetches.
    public static let fetchedVersion = "1.32.0"
    /// Where `make ort` puts the library, relative to the package root.
    public static let fetchedRelativePath = ".deps/onnxruntime/libonnxruntime.so.\(fetchedVersion)"
    /// The environment variable naming the library.
    public static let environmentVariable = "LATKIT_ORT_LIB"

    /// One place to look: a file, or a bare name left to the dynamic loader.
    public enum Candidate: Equatable {
        case file(path: String, origin: String)
        case loaderName(String)
    }

    public var explicitPath: String?
    public var environment: [String: String]
    public var currentDirectory: String
    /// The running executable (or the plugin library) whose package root is searched.
    public var executablePath: String?
    /// The name handed to the dynamic loader last.
    public var loaderName: String

    /// A locator for this process: its environment, current directory and executable.
    public init(
        explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = ONNXRuntimeLibraryLocator.runningExecutable(), loaderName: String = "libonnxruntime.so"
    ) {
        self.explicitPath = explicitPath.flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.executablePath = executablePath
        self.loaderName = loaderName
    }

    /// The places to look, in order, without duplicates.
    public var candidates: [Candidate] {
        if let explicitPath { return [.file(path: absolute(explicitPath), origin: "explicit path")] }
        var list: [Candidate] = []
        if let variable = environment[Self.environmentVariable], !variable.isEmpty {
            list.append(.file(path: absolute(variable), origin: "$\(Self.environmentVariable)"))
        }
        list.append(.file(path: absolute(Self.fetchedRelativePath), origin: "current directory"))
        if let executablePath {
            var folder = URL(fileURLWithPath: absolute(executablePath)).deletingLastPathComponent()
            for levels in 1...3 {
                folder.deleteLastPathComponent()
                if levels >= 2 {
                    let path = folder.appendingPathComponent(Self.fetchedRelativePath).standardizedFileURL.path
                    list.append(.file(path: path, origin: "package root above the executable"))
                }
            }
        }
        list.append(.loaderName(loaderName))
        var seen = Set<String>()
        return list.filter { candidate in
            guard case .file(let path, _) = candidate else { return true }
            return seen.insert(path).inserted
        }
    }

    /// `path` made absolute against the current directory (dlopen must not search for it).
    func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// The running executable's path, from /proc/self/exe.
    public static func runningExecutable() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
