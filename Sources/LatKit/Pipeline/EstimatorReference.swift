/// An estimator named on the command line: a plugin name, or the path of a third-party library
/// (optionally `PATH:NAME` when the library exports several estimators).
public enum EstimatorReference {
    /// Whether `text` names a library file (it has a `/` or a library suffix) rather than a plugin.
    public static func isPath(_ text: String) -> Bool {
        text.contains("/") || text.hasSuffix(".so") || text.hasSuffix(".dylib")
    }

    /// Resolves `text` to the name of a loaded estimator plugin, loading the library first when
    /// `text` is a path.
    public static func resolve(_ text: String, catalog: PluginCatalog, kind: PluginKind = .estimator) throws -> String {
        guard isPath(text) else { return text }
        var path = text
        var name: String?
        if let colon = text.lastIndex(of: ":"), !text[text.index(after: colon)...].contains("/") {
            path = String(text[..<colon])
            name = String(text[text.index(after: colon)...])
        }
        let library = try catalog.load(file: path)
        let candidates = library.plugins.filter { $0.kind == kind }
        if let name {
            guard candidates.contains(where: { $0.name == name }) else {
                throw PluginLoadError.notFound(name: name, kind: kind, available: candidates.map(\.name))
            }
            return name
        }
        guard candidates.count == 1 else {
            throw PreparationError(
                message:
                    "\(library.path) exports \(candidates.count) \(kind.label) plugins (\(candidates.map(\.name).joined(separator: ", "))); name one as PATH:NAME"
            )
        }
        return candidates[0].name
    }
}
