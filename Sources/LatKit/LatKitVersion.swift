import LatKitPluginABI

/// Versions of this build of LatencyKit.
public enum LatKitVersion {
    /// The host's own version, printed by `latkit --version`.
    public static let host = "0.1.0"
    /// The plugin ABI major version this host speaks; plugins built for another major are refused.
    public static let abiMajor = UInt16(LATKIT_ABI_VERSION_MAJOR)
    /// The plugin ABI minor version this host was built with.
    public static let abiMinor = UInt16(LATKIT_ABI_VERSION_MINOR)
}
