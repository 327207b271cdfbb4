import CLibFFI

/// A C function of numbers (signature letters `i l f d`, e.g. `d(d,d)`), prepared once through
/// libffi and then called many times with `Double` arguments: a user's objective or constraint
/// function, called once per architecture of a generation.
final class NumericCall {
    let signature: FunctionSignature
    private let address: UnsafeRawPointer
    private var cif = ffi_cif()
    private let types: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
    private let slots: UnsafeMutableRawPointer
    private let pointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>

    /// Prepares a call of the function at `address`, whose real C type `signature` describes.
    /// - Throws: `SignatureError` when a type is not numeric or libffi cannot prepare the call.
    init(address: UnsafeRawPointer, signature: FunctionSignature) throws {
        let numeric: Set<FunctionSignature.ValueType> = [.int32, .int64, .float, .double]
        guard numeric.contains(signature.result), signature.arguments.allSatisfy(numeric.contains) else {
            throw SignatureError(message: "a numeric function takes and returns only i, l, f or d (not void or strings)")
        }
        self.signature = signature
        self.address = address
        let count = signature.arguments.count
        types = .allocate(capacity: max(count, 1))
        slots = .allocate(byteCount: max(count, 1) * 8, alignment: 8)
        pointers = .allocate(capacity: max(count, 1))
        for (index, type) in signature.arguments.enumerated() {
            types[index] = NumericCall.ffiType(type)
            pointers[index] = slots + index * 8
        }
        guard ffi_prep_cif(&cif, FFI_DEFAULT_ABI, UInt32(count), NumericCall.ffiType(signature.result), types) == FFI_OK else {
            throw SignatureError(message: "libffi cannot prepare a call for this signature")
        }
    }

    deinit {
        types.deallocate()
        slots.deallocate()
        pointers.deallocate()
    }

    /// Calls the function with `arguments` (converted to the signature's types; integers are
    /// rounded toward zero) and returns its result as a `Double`.
    func call(_ arguments: [Double]) -> Double {
        precondition(arguments.count == signature.arguments.count, "one value per argument")
        for (index, (type, value)) in zip(signature.arguments, arguments).enumerated() {
            let slot = slots + index * 8
            switch type {
            case .int32: slot.storeBytes(of: Int32(clamping: Int64(value.isFinite ? value : 0)), as: Int32.self)
            case .int64: slot.storeBytes(of: Int64(value.isFinite ? value : 0), as: Int64.self)
            case .float: slot.storeBytes(of: Float(value), as: Float.self)
            default: slot.storeBytes(of: value, as: Double.self)
            }
        }
        var result = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &result) { bytes in
            ffi_call(&cif, unsafeBitCast(address, to: (@convention(c) () -> Void).self), bytes.baseAddress, pointers)
        }
        return withUnsafeBytes(of: &result) { bytes in
            switch signature.result {
            case .int32: return Double(Int32(truncatingIfNeeded: bytes.load(as: Int64.self)))
            case .int64: return Double(bytes.load(as: Int64.self))
            case .float: return Double(bytes.load(as: Float.self))
            default: return bytes.load(as: Double.self)
            }
        }
    }

    private static func ffiType(_ type: FunctionSignature.ValueType) -> UnsafeMutablePointer<ffi_type>? {
        switch type {
        case .int32: return latkit_ffi_type_sint32()
        case .int64: return latkit_ffi_type_sint64()
        case .float: return latkit_ffi_type_float()
        default: return latkit_ffi_type_double()
        }
    }
}
