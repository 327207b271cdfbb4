/* libffi for Swift: the ffi_type_* globals are not concurrency-safe to Swift 6, so they are
   handed out through inline functions. */
#include <ffi.h>

static inline ffi_type *latkit_ffi_type_void(void) { return &ffi_type_void; }
static inline ffi_type *latkit_ffi_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *latkit_ffi_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *latkit_ffi_type_float(void) { return &ffi_type_float; }
static inline ffi_type *latkit_ffi_type_double(void) { return &ffi_type_double; }
static inline ffi_type *latkit_ffi_type_pointer(void) { return &ffi_type_pointer; }
