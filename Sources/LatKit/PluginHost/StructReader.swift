import LatKitPluginABI

/// Reads a struct a plugin declared with `struct_size` bytes, never past that size: fields the
/// plugin's (older, shorter) version lacks read as zero, fields a newer version appended are
/// ignored.
func readVersioned<T>(_ type: T.Type, at pointer: UnsafeRawPointer, declaredSize: UInt32) -> T {
    let size = MemoryLayout<T>.size
    let storage = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<T>.alignment)
    defer { storage.deallocate() }
    storage.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    storage.copyMemory(from: pointer, byteCount: min(size, Int(declaredSize)))
    return storage.load(as: T.self)
}

/// Reads a function table whose `latkit_header` declares its size: members a plugin built for an
/// older minor version lacks read as NULL / zero.
func readTable<T>(_ type: T.Type, at table: UnsafeRawPointer) -> T {
    readVersioned(type, at: table, declaredSize: table.load(as: latkit_header.self).struct_size)
}
