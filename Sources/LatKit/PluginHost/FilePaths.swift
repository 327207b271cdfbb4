#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `path` made absolute against the current directory (dlopen must never search for a bare name).
func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return normalized(path) }
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = text(ofNullTerminated: buffer)
    return normalized(cwd + "/" + path)
}

/// Removes `.` and empty components and resolves `..` textually.
func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
        if part == "." || part.isEmpty { continue }
        if part == "..", !parts.isEmpty {
            parts.removeLast()
            continue
        }
        parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
}

/// The path of the running executable, from /proc/self/exe where available.
func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return CommandLine.arguments.first.map(absolutePath) }
    return text(ofNullTerminated: buffer[..<length])
}

/// The folder part of a path.
func directoryName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// The last component of a path.
func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

/// Regular files in a folder, sorted by name; empty when the folder does not exist.
func filesIn(directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// The canonical path (symlinks resolved), or the path itself when it cannot be resolved.
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The UTF-8 text of C characters up to the first NUL (or all of them).
func text(ofNullTerminated characters: some Collection<CChar>) -> String {
    String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
