/// Where plugins are looked for, in order, and which files count as plugins.
public struct PluginDiscovery: Sendable {
    /// Folders to search, most specific first, absolute and without duplicates.
    public let folders: [String]

    /// The order of the search: `--plugin-path` folders, then `$LATKIT_PLUGIN_PATH` (colon-separated),
    /// then the executable's own folder, then `<prefix>/lib/latkit/plugins` of an installed binary.
    public init(explicit: [String], environment: [String: String], executable: String? = PluginDiscovery.runningExecutable()) {
        var folders = explicit
        if let variable = environment["LATKIT_PLUGIN_PATH"] {
            folders += variable.split(separator: ":").map(String.init)
        }
        if let executable {
            let bin = directoryName(executable)
            folders.append(bin)
            folders.append(directoryName(bin) + "/lib/latkit/plugins")
        }
        var seen = Set<String>()
        self.folders = folders.map(absolutePath).filter { seen.insert(realPath($0)).inserted }
    }

    /// The path of the running executable.
    public static func runningExecutable() -> String? { executablePath() }

    /// True for file names that follow the plugin naming rule: `liblatkit_<name>.so` (or `.dylib`).
    public static func isPluginFileName(_ name: String) -> Bool {
        name.hasPrefix("liblatkit_") && (name.hasSuffix(".so") || name.hasSuffix(".dylib")) && name.count > "liblatkit_.so".count
    }

    /// Plugin files in the folders, in search order; a file reached twice (symlinks) appears once.
    public func candidateFiles() -> [String] {
        var seen = Set<String>()
        var files: [String] = []
        for folder in folders {
            for name in filesIn(directory: folder) where Self.isPluginFileName(name) {
                let path = folder + "/" + name
                if seen.insert(realPath(path)).inserted { files.append(path) }
            }
        }
        return files
    }
}
