/// Colors and dash patterns for chart series: the Okabe–Ito palette, which stays distinguishable
/// for color-blind readers, and dash patterns that keep lines apart when printed in gray.
public enum ChartPalette {
    /// Series colors in the order they are used.
    public static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#B8A600"]
    /// Line dash patterns in the order they are used (nil is solid).
    public static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3", "1 3", "10 4"]

    /// The color of series number `index` (cycling).
    public static func color(_ index: Int) -> String { colors[index % colors.count] }

    /// The dash pattern of series number `index` (cycling).
    public static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    static let text = "#222222"
    static let axis = "#555555"
    static let grid = "#e2e2e2"
    static let minorGrid = "#f1f1f1"
    static let reference = "#888888"
}
