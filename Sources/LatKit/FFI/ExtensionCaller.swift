import CLibFFI

#if canImport(Glibc)
    import Glibc
#endif

/// Calls a plugin's extension function, described at run time by its signature string, through
/// libffi. This is for `latkit call` and other cold paths only; the prediction path uses typed
/// function tables.
public enum ExtensionCaller {
    /// Calls `function` with arguments given as text; returns the result as text ("" for void).
    /// `signature` is the function's parsed signature (parsed here when nil).
    public static func call(_ function: ExtensionFunctionInfo, signature parsed: FunctionSignature? = nil, arguments: [String]) throws
        -> String
    {
        let signature = try parsed ?? FunctionSignature(parsing: function.signature)
        guard arguments.count == signature.arguments.count else {
            throw SignatureError(
                message: "\(function.name)\(function.signature) takes \(signature.arguments.count) argument(s), got \(arguments.count)")
        }
        // Storage for every argument value, each in its own 8-byte-aligned slot.
        let slots = UnsafeMutableRawPointer.allocate(byteCount: max(arguments.count, 1) * 8, alignment: 8)
        defer { slots.deallocate() }
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { strings.forEach { free($0) } }
        for (index, (type, text)) in zip(signature.arguments, arguments).enumerated() {
            let slot = slots + index * 8
            switch type {
            case .int32:
                guard let value = Int32(text) else { throw badArgument(index, text, "a 32-bit integer") }
                slot.storeBytes(of: value, as: Int32.self)
            case .int64:
                guard let value = Int64(text) else { throw badArgument(index, text, "a 64-bit integer") }
                slot.storeBytes(of: value, as: Int64.self)
            case .float:
                guard let value = Float(text) else { throw badArgument(index, text, "a number") }
                slot.storeBytes(of: value, as: Float.self)
            case .double:
                guard let value = Double(text) else { throw badArgument(index, text, "a number") }
                slot.storeBytes(of: value, as: Double.self)
            case .string:
                let copy = strdup(text)!
                strings.append(copy)
                slot.storeBytes(of: UnsafePointer(copy), as: UnsafePointer<CChar>.self)
            case .void:
                throw badArgument(index, text, "no value (void)")
            }
        }
        var argumentTypes: [UnsafeMutablePointer<ffi_type>?] = signature.arguments.map(ffiType)
        var argumentPointers: [UnsafeMutableRawPointer?] = (0..<arguments.count).map { slots + $0 * 8 }
        var cif = ffi_cif()
        let status = argumentTypes.withUnsafeMutableBufferPointer { types in
            ffi_prep_cif(&cif, FFI_DEFAULT_ABI, UInt32(arguments.count), ffiType(signature.result), types.baseAddress)
        }
        guard status == FFI_OK else { throw SignatureError(message: "libffi cannot prepare a call for \(function.signature)") }
        // Large enough and aligned for any result; libffi widens small integer results to ffi_arg.
        var result = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &result) { resultBytes in
            argumentPointers.withUnsafeMutableBufferPointer { pointers in
                ffi_call(
                    &cif, unsafeBitCast(function.address, to: (@convention(c) () -> Void).self), resultBytes.baseAddress,
                    pointers.baseAddress)
            }
        }
        return withUnsafeBytes(of: &result) { bytes in
            switch signature.result {
            case .void: return ""
            case .int32: return String(Int32(truncatingIfNeeded: bytes.load(as: Int64.self)))
            case .int64: return String(bytes.load(as: Int64.self))
            case .float: return String(bytes.load(as: Float.self))
            case .double: return String(bytes.load(as: Double.self))
            case .string:
                guard let pointer = bytes.load(as: UnsafePointer<CChar>?.self) else { return "(null)" }
                return String(cString: pointer)
            }
        }
    }

    private static func ffiType(_ type: FunctionSignature.ValueType) -> UnsafeMutablePointer<ffi_type>? {
        switch type {
        case .void: return latkit_ffi_type_void()
        case .int32: return latkit_ffi_type_sint32()
        case .int64: return latkit_ffi_type_sint64()
        case .float: return latkit_ffi_type_float()
        case .double: return latkit_ffi_type_double()
        case .string: return latkit_ffi_type_pointer()
        }
    }

    private static func badArgument(_ index: Int, _ text: String, _ expected: String) -> SignatureError {
        SignatureError(message: "argument \(index + 1) '\(text)' is not \(expected)")
    }
}
