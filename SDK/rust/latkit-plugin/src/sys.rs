//! `#[repr(C)]` bindings of `SDK/include/latkit_plugin.h`, ABI 1.1, written by hand.
//!
//! Names, field order and types follow the header exactly (C names, so the header's comments
//! apply as they stand). Nullable function pointers are `Option<unsafe extern "C" fn ...>`, which
//! Rust lays out as one nullable pointer. `tests/layout.rs` compiles a C program against the
//! header and checks every size and offset here against it; the constant asserts at the end of
//! this file freeze the same numbers as `SDK/abi/abi_layout.c` at compile time.
#![allow(non_camel_case_types)]

use core::ffi::{c_char, c_void};

/// Major version of the ABI these bindings describe.
pub const LATKIT_ABI_VERSION_MAJOR: u16 = 1;
/// Minor version of the ABI these bindings describe.
pub const LATKIT_ABI_VERSION_MINOR: u16 = 1;
/// Name of the one symbol a plugin library exports.
pub const LATKIT_ENTRY_SYMBOL: &str = "latkit_plugin_entry";

/// Result of every fallible call (`LATKIT_OK` or a `LATKIT_ERR_*` code).
pub type latkit_status = i32;
/// Success.
pub const LATKIT_OK: latkit_status = 0;
/// Bad input: malformed architecture, unknown option, ...
pub const LATKIT_ERR_INVALID_ARGUMENT: latkit_status = 1;
/// The plugin does not implement this (optional) call.
pub const LATKIT_ERR_UNSUPPORTED: latkit_status = 2;
/// Wrong order, e.g. predict before fit or load.
pub const LATKIT_ERR_STATE: latkit_status = 3;
/// A progress callback asked to stop.
pub const LATKIT_ERR_CANCELLED: latkit_status = 4;
/// Reading or writing outside data failed.
pub const LATKIT_ERR_IO: latkit_status = 5;
/// Versions or saved state that this plugin cannot accept.
pub const LATKIT_ERR_INCOMPATIBLE: latkit_status = 6;
/// A bug or an exhausted resource inside the plugin.
pub const LATKIT_ERR_INTERNAL: latkit_status = 7;

/// Starts every descriptor and function table.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct latkit_header {
    /// sizeof the struct as compiled by its author.
    pub struct_size: u32,
    /// `LATKIT_ABI_VERSION_MAJOR` the author compiled against.
    pub abi_major: u16,
    /// `LATKIT_ABI_VERSION_MINOR` the author compiled against.
    pub abi_minor: u16,
}

/// Caller-owned buffer for an error message.
#[repr(C)]
pub struct latkit_error {
    /// `capacity` bytes, owned by the caller.
    pub message: *mut c_char,
    /// Including room for the terminating NUL.
    pub capacity: u32,
    /// Zero.
    pub reserved: u32,
}

/// Opaque plugin state, created by a table's `create`, released by its `destroy`.
#[repr(C)]
pub struct latkit_handle {
    _private: [u8; 0],
}

/// A host-owned output stream (see the header).
#[repr(C)]
pub struct latkit_sink {
    pub struct_size: u32,
    pub reserved: u32,
    pub context: *mut c_void,
    pub put: Option<unsafe extern "C" fn(context: *mut c_void, index: u64, data: *const c_char, length: u64, value: f64) -> latkit_status>,
}

/// Host-owned progress reporting for long calls; a non-zero `report` asks the plugin to stop.
#[repr(C)]
pub struct latkit_progress {
    pub struct_size: u32,
    pub reserved: u32,
    pub context: *mut c_void,
    pub report: Option<unsafe extern "C" fn(context: *mut c_void, fraction: f64, message: *const c_char) -> i32>,
}

/// Canonical architecture strings.
pub const LATKIT_VIEW_ARCHITECTURES: u32 = 1 << 0;
/// Float32 feature matrix.
pub const LATKIT_VIEW_FEATURES: u32 = 1 << 1;
/// Operator keys and counts per architecture.
pub const LATKIT_VIEW_OPERATORS: u32 = 1 << 2;
/// Multiply-accumulates and parameters.
pub const LATKIT_VIEW_COST: u32 = 1 << 3;
/// Device descriptor row and batch size per row.
pub const LATKIT_VIEW_DEVICE: u32 = 1 << 4;
/// Since 1.1: a runnable model per row (profilers).
pub const LATKIT_VIEW_MODELS: u32 = 1 << 5;

/// n architectures with the views the plugin asked for (see the header for every field).
#[repr(C)]
pub struct latkit_batch {
    pub struct_size: u32,
    pub views: u32,
    pub count: u64,
    pub search_space: *const c_char,
    pub architectures: *const *const c_char,
    pub features: *const f32,
    pub feature_count: u32,
    pub reserved0: u32,
    pub feature_encoding: *const c_char,
    pub operator_offsets: *const u64,
    pub operator_keys: *const *const c_char,
    pub operator_counts: *const f64,
    pub macs: *const f64,
    pub params: *const f64,
    pub device_features: *const f32,
    pub device_feature_count: u32,
    pub reserved1: u32,
    pub device_feature_names: *const *const c_char,
    pub device_ids: *const *const c_char,
    pub batch_sizes: *const f32,
    pub targets: *const f64,
    // ---- since 1.1 (absent when struct_size <= offset of model_format) ----
    pub model_format: *const c_char,
    pub model_offsets: *const u64,
    pub model_bytes: *const u8,
    pub model_input_shapes: *const i64,
}

/// `latkit_kind`, stored as `uint32_t` in descriptors.
pub type latkit_kind = u32;
pub const LATKIT_KIND_SEARCH_SPACE: latkit_kind = 1;
pub const LATKIT_KIND_ESTIMATOR: latkit_kind = 2;
pub const LATKIT_KIND_SEARCH_STRATEGY: latkit_kind = 3;
pub const LATKIT_KIND_ACCURACY_PREDICTOR: latkit_kind = 4;
pub const LATKIT_KIND_PROFILER: latkit_kind = 5;

/// An extra named function, called by the host through libffi.
#[repr(C)]
pub struct latkit_function {
    pub struct_size: u32,
    pub reserved: u32,
    pub name: *const c_char,
    pub signature: *const c_char,
    /// Cast to the real type described by `signature`.
    pub function: Option<unsafe extern "C" fn()>,
    pub summary: *const c_char,
}

/// One plugin. Static and immutable.
#[repr(C)]
pub struct latkit_descriptor {
    pub header: latkit_header,
    pub kind: u32,
    pub function_count: u32,
    pub name: *const c_char,
    pub version: *const c_char,
    pub summary: *const c_char,
    pub options_help: *const c_char,
    pub table: *const c_void,
    pub functions: *const latkit_function,
    pub plugin_data: *mut c_void,
}

/// What the host tells a library about itself in `init`.
#[repr(C)]
pub struct latkit_host_info {
    pub header: latkit_header,
    pub host_name: *const c_char,
    pub host_version: *const c_char,
}

/// The library: returned by the entry point.
#[repr(C)]
pub struct latkit_library {
    pub header: latkit_header,
    pub plugin_count: u32,
    pub reserved: u32,
    pub name: *const c_char,
    pub plugins: *const *const latkit_descriptor,
    pub init: Option<unsafe extern "C" fn(host: *const latkit_host_info, error: *mut latkit_error) -> latkit_status>,
}

/// The type of `latkit_plugin_entry`.
pub type latkit_entry_fn = unsafe extern "C" fn() -> *const latkit_library;

/// `create` of every table (`LATKIT_TABLE_BASE`).
pub type latkit_create_fn = unsafe extern "C" fn(
    descriptor: *const latkit_descriptor,
    options: *const c_char,
    out_handle: *mut *mut latkit_handle,
    error: *mut latkit_error,
) -> latkit_status;
/// `destroy` of every table (`LATKIT_TABLE_BASE`).
pub type latkit_destroy_fn = unsafe extern "C" fn(handle: *mut latkit_handle);

/// Parameters for evolutionary variation.
#[repr(C)]
pub struct latkit_variation {
    pub struct_size: u32,
    pub reserved: u32,
    pub mutation_probability: f64,
    pub resolution_probability: f64,
}

/// The function table of a search space.
#[repr(C)]
pub struct latkit_search_space_api {
    pub header: latkit_header,
    pub create: Option<latkit_create_fn>,
    pub destroy: Option<latkit_destroy_fn>,
    pub describe:
        Option<unsafe extern "C" fn(handle: *mut latkit_handle, out: *const latkit_sink, error: *mut latkit_error) -> latkit_status>,
    pub canonicalize: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            count: u64,
            architectures: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub from_fields: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            count: u64,
            field_count: u32,
            fields: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub sample: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            seed: u64,
            count: u64,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub mutate: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            seed: u64,
            variation: *const latkit_variation,
            count: u64,
            parents: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub crossover: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            seed: u64,
            count: u64,
            first: *const *const c_char,
            second: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub encode: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            encoding: *const c_char,
            count: u64,
            architectures: *const *const c_char,
            features: *mut f32,
            feature_count: u32,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub operators: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            count: u64,
            architectures: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub cost: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            count: u64,
            architectures: *const *const c_char,
            macs: *mut f64,
            params: *mut f64,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    // ---- since 1.1 ----
    pub export_models: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            format: *const c_char,
            count: u64,
            architectures: *const *const c_char,
            input_shapes: *mut i64,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub export_operators: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            format: *const c_char,
            count: u64,
            operator_keys: *const *const c_char,
            input_shapes: *mut i64,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub list_operators: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            scope: *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
}

/// `fit()` learns from targets.
pub const LATKIT_CAN_FIT: u32 = 1 << 0;
/// `adapt()` refines a fitted model with a few target rows.
pub const LATKIT_CAN_ADAPT: u32 = 1 << 1;
/// `predict()` fills the std array.
pub const LATKIT_HAS_STD: u32 = 1 << 2;
/// `save()`/`load()` round-trip the state.
pub const LATKIT_CAN_SAVE: u32 = 1 << 3;

/// The function table of a latency estimator (and of an accuracy predictor).
#[repr(C)]
pub struct latkit_estimator_api {
    pub header: latkit_header,
    pub create: Option<latkit_create_fn>,
    pub destroy: Option<latkit_destroy_fn>,
    pub views: u32,
    pub capabilities: u32,
    pub feature_encoding: *const c_char,
    pub fit: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            train: *const latkit_batch,
            validation: *const latkit_batch,
            seed: u64,
            progress: *const latkit_progress,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub adapt: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            shots: *const latkit_batch,
            seed: u64,
            progress: *const latkit_progress,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub predict: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            batch: *const latkit_batch,
            mean: *mut f64,
            std: *mut f64,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub save: Option<unsafe extern "C" fn(handle: *mut latkit_handle, out: *const latkit_sink, error: *mut latkit_error) -> latkit_status>,
    pub load:
        Option<unsafe extern "C" fn(handle: *mut latkit_handle, bytes: *const u8, length: u64, error: *mut latkit_error) -> latkit_status>,
}

/// An accuracy predictor has the estimator's table.
pub type latkit_accuracy_predictor_api = latkit_estimator_api;

/// Objective direction: smaller is better.
pub const LATKIT_MINIMIZE: u32 = 0;
/// Objective direction: larger is better.
pub const LATKIT_MAXIMIZE: u32 = 1;

/// What the host offers a running search strategy.
#[repr(C)]
pub struct latkit_search_context {
    pub struct_size: u32,
    pub objective_count: u32,
    pub objective_names: *const *const c_char,
    pub directions: *const u32,
    pub context: *mut c_void,
    pub sample: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            seed: u64,
            count: u64,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub mutate: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            seed: u64,
            variation: *const latkit_variation,
            count: u64,
            parents: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub crossover: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            seed: u64,
            count: u64,
            first: *const *const c_char,
            second: *const *const c_char,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub evaluate: Option<
        unsafe extern "C" fn(
            context: *mut c_void,
            count: u64,
            architectures: *const *const c_char,
            objectives: *mut f64,
            feasible: *mut u8,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub progress: *const latkit_progress,
}

/// The function table of a search strategy.
#[repr(C)]
pub struct latkit_search_strategy_api {
    pub header: latkit_header,
    pub create: Option<latkit_create_fn>,
    pub destroy: Option<latkit_destroy_fn>,
    pub run: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            context: *const latkit_search_context,
            seed: u64,
            max_evaluations: u64,
            out: *const latkit_sink,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
}

/// How to measure; zero in a field means the profiler's default.
#[repr(C)]
pub struct latkit_measure_options {
    pub struct_size: u32,
    pub warmup_runs: u32,
    pub timed_runs: u32,
    pub batch_size: u32,
    pub threads: u32,
    pub reserved: u32,
}

/// One measurement, written by a profiler into a host-owned array.
#[repr(C)]
pub struct latkit_measurement {
    pub mean_ms: f64,
    pub std_ms: f64,
    pub min_ms: f64,
    pub median_ms: f64,
    pub machine_load: f64,
    pub runs: u32,
    pub status: latkit_status,
}

/// The function table of a profiler.
#[repr(C)]
pub struct latkit_profiler_api {
    pub header: latkit_header,
    pub create: Option<latkit_create_fn>,
    pub destroy: Option<latkit_destroy_fn>,
    pub views: u32,
    pub reserved: u32,
    pub describe_device:
        Option<unsafe extern "C" fn(handle: *mut latkit_handle, out: *const latkit_sink, error: *mut latkit_error) -> latkit_status>,
    pub measure: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            batch: *const latkit_batch,
            options: *const latkit_measure_options,
            records: *mut latkit_measurement,
            record_size: u32,
            progress: *const latkit_progress,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
    pub measure_operators: Option<
        unsafe extern "C" fn(
            handle: *mut latkit_handle,
            count: u64,
            operator_keys: *const *const c_char,
            options: *const latkit_measure_options,
            records: *mut latkit_measurement,
            record_size: u32,
            progress: *const latkit_progress,
            error: *mut latkit_error,
        ) -> latkit_status,
    >,
}

// Plugin-provided structs live in immutable statics that the host reads from any thread (the
// header's section 5). Their raw pointers point at other statics, so sharing them is sound.
unsafe impl Sync for latkit_library {}
unsafe impl Sync for latkit_descriptor {}
unsafe impl Sync for latkit_function {}
unsafe impl Sync for latkit_search_space_api {}
unsafe impl Sync for latkit_estimator_api {}
unsafe impl Sync for latkit_search_strategy_api {}
unsafe impl Sync for latkit_profiler_api {}

// The sizes `SDK/abi/abi_layout.c` freezes for LP64 targets, checked at compile time. The
// offsets of every field are checked against the C compiler in `tests/layout.rs`.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use core::mem::size_of;
    assert!(size_of::<latkit_header>() == 8);
    assert!(size_of::<latkit_error>() == 16);
    assert!(size_of::<latkit_sink>() == 24);
    assert!(size_of::<latkit_progress>() == 24);
    assert!(size_of::<latkit_batch>() == 176);
    assert!(size_of::<latkit_function>() == 40);
    assert!(size_of::<latkit_descriptor>() == 72);
    assert!(size_of::<latkit_host_info>() == 24);
    assert!(size_of::<latkit_library>() == 40);
    assert!(size_of::<latkit_variation>() == 24);
    assert!(size_of::<latkit_search_space_api>() == 120);
    assert!(size_of::<latkit_estimator_api>() == 80);
    assert!(size_of::<latkit_search_context>() == 72);
    assert!(size_of::<latkit_search_strategy_api>() == 32);
    assert!(size_of::<latkit_measure_options>() == 24);
    assert!(size_of::<latkit_measurement>() == 48);
    assert!(size_of::<latkit_profiler_api>() == 56);
};
