public enum LatKitNumericsPlaceholder {}
