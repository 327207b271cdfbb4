//! Estimators as Rust types, and the static descriptions a library exports.
use core::ffi::{c_char, c_void, CStr};
use std::ptr;

use crate::sys::{self, latkit_batch, latkit_descriptor, latkit_error, latkit_handle, latkit_progress, latkit_sink, latkit_status};
use crate::{guarded, Batch, Error, Options, Progress, Result, Sink};

/// A latency estimator (or accuracy predictor). One value lives behind each handle the host
/// creates; the host never calls two methods on one value at once, but may call them from
/// different threads (hence `Send`). Return an [`Error`] to fail a call with a status; a panic
/// becomes `LATKIT_ERR_INTERNAL`.
pub trait Estimator: Sized + Send + 'static {
    /// Makes an instance from the `create` options. Read every option you accept from
    /// `options`; any other key is refused after this returns.
    fn create(options: &mut Options) -> Result<Self>;

    /// Learns from `train` (targets set); `validation` may guide early stopping or selection.
    /// Same seed, same model.
    fn fit(&mut self, train: &Batch<'_>, validation: Option<&Batch<'_>>, seed: u64, progress: &Progress<'_>) -> Result<()>;

    /// Refines a fitted model with a few rows of a new device. Default: unsupported.
    fn adapt(&mut self, shots: &Batch<'_>, seed: u64, progress: &Progress<'_>) -> Result<()> {
        let _ = (shots, seed, progress);
        Err(Error::unsupported("this estimator cannot adapt to a new device"))
    }

    /// Writes one prediction per row into `mean`, and one standard deviation per row into `std`
    /// when the host asks for it (`LATKIT_HAS_STD`).
    fn predict(&mut self, batch: &Batch<'_>, mean: &mut [f64], std: Option<&mut [f64]>) -> Result<()>;

    /// The fitted state as bytes that `load` reads back. Default: unsupported.
    fn save(&self) -> Result<Vec<u8>> {
        Err(Error::unsupported("this estimator cannot save its state"))
    }

    /// Restores a state written by `save`. Default: unsupported.
    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        let _ = bytes;
        Err(Error::unsupported("this estimator cannot load a state"))
    }
}

/// The instance behind a handle made by [`create`].
///
/// # Safety
/// `handle` is NULL or was made by `create::<T>` and not destroyed, and no other reference to
/// it is live (the host serializes calls on one handle).
unsafe fn instance<'h, T: Estimator>(handle: *mut latkit_handle) -> Result<&'h mut T> {
    // SAFETY: see above.
    unsafe { (handle as *mut T).as_mut() }.ok_or_else(|| Error::invalid("no handle given"))
}

/// `count` writable values at `pointer`; NULL gives `None`.
///
/// # Safety
/// A non-NULL `pointer` points to `count` writable values, valid during the call.
unsafe fn output<'o>(pointer: *mut f64, count: usize) -> Option<&'o mut [f64]> {
    if pointer.is_null() {
        None
    } else if count == 0 {
        Some(&mut [])
    } else {
        // SAFETY: see above.
        Some(unsafe { std::slice::from_raw_parts_mut(pointer, count) })
    }
}

unsafe extern "C" fn create<T: Estimator>(
    _descriptor: *const latkit_descriptor,
    options: *const c_char,
    out_handle: *mut *mut latkit_handle,
    error: *mut latkit_error,
) -> latkit_status {
    // SAFETY (all blocks): the host passes valid pointers as the header's section 3 describes.
    unsafe {
        guarded(error, || {
            if out_handle.is_null() {
                return Err(Error::invalid("no handle output given"));
            }
            let text = if options.is_null() {
                ""
            } else {
                CStr::from_ptr(options).to_str().map_err(|_| Error::invalid("the options are not UTF-8"))?
            };
            let mut parsed = Options::parse(text)?;
            let made = T::create(&mut parsed)?;
            parsed.finish()?;
            *out_handle = Box::into_raw(Box::new(made)) as *mut latkit_handle;
            Ok(())
        })
    }
}

unsafe extern "C" fn destroy<T: Estimator>(handle: *mut latkit_handle) {
    if handle.is_null() {
        return;
    }
    // destroy never fails: a panicking Drop is swallowed rather than unwinding into the host.
    // SAFETY: the handle was made by create::<T> and the host destroys it once.
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(unsafe { Box::from_raw(handle as *mut T) })));
    if let Err(payload) = dropped {
        std::mem::forget(payload);
    }
}

unsafe extern "C" fn fit<T: Estimator>(
    handle: *mut latkit_handle,
    train: *const latkit_batch,
    validation: *const latkit_batch,
    seed: u64,
    progress: *const latkit_progress,
    error: *mut latkit_error,
) -> latkit_status {
    // SAFETY: the host passes valid pointers (section 3); `validation` and `progress` may be NULL.
    unsafe {
        guarded(error, || {
            let model = instance::<T>(handle)?;
            let train = Batch::from_raw(train)?;
            let validation = if validation.is_null() { None } else { Some(Batch::from_raw(validation)?) };
            model.fit(&train, validation.as_ref(), seed, &Progress::from_raw(progress))
        })
    }
}

unsafe extern "C" fn adapt<T: Estimator>(
    handle: *mut latkit_handle,
    shots: *const latkit_batch,
    seed: u64,
    progress: *const latkit_progress,
    error: *mut latkit_error,
) -> latkit_status {
    // SAFETY: the host passes valid pointers (section 3); `progress` may be NULL.
    unsafe {
        guarded(error, || {
            let model = instance::<T>(handle)?;
            model.adapt(&Batch::from_raw(shots)?, seed, &Progress::from_raw(progress))
        })
    }
}

unsafe extern "C" fn predict<T: Estimator>(
    handle: *mut latkit_handle,
    batch: *const latkit_batch,
    mean: *mut f64,
    std: *mut f64,
    error: *mut latkit_error,
) -> latkit_status {
    // SAFETY: the host passes `mean` (and `std` when not NULL) with `count` doubles each.
    unsafe {
        guarded(error, || {
            let model = instance::<T>(handle)?;
            let batch = Batch::from_raw(batch)?;
            let count = batch.count();
            let mean = match output(mean, count) {
                Some(mean) => mean,
                None if count == 0 => &mut [],
                None => return Err(Error::invalid("no output buffer for predictions")),
            };
            model.predict(&batch, mean, output(std, count))
        })
    }
}

unsafe extern "C" fn save<T: Estimator>(handle: *mut latkit_handle, out: *const latkit_sink, error: *mut latkit_error) -> latkit_status {
    // SAFETY: the host passes a valid sink (section 3).
    unsafe {
        guarded(error, || {
            let model = instance::<T>(handle)?;
            let sink = Sink::from_raw(out)?;
            sink.put(0, &model.save()?, 0.0)
        })
    }
}

unsafe extern "C" fn load<T: Estimator>(
    handle: *mut latkit_handle,
    bytes: *const u8,
    length: u64,
    error: *mut latkit_error,
) -> latkit_status {
    // SAFETY: the host passes `length` readable bytes, valid during the call.
    unsafe {
        guarded(error, || {
            let model = instance::<T>(handle)?;
            let bytes = match (bytes.is_null(), length) {
                (_, 0) => &[][..],
                (true, _) => return Err(Error::invalid("no state bytes given")),
                (false, length) => std::slice::from_raw_parts(bytes, length as usize),
            };
            model.load(bytes)
        })
    }
}

/// A `latkit_header` for a struct of `size` bytes, of the ABI version these bindings describe.
pub const fn header(size: usize) -> sys::latkit_header {
    sys::latkit_header { struct_size: size as u32, abi_major: sys::LATKIT_ABI_VERSION_MAJOR, abi_minor: sys::LATKIT_ABI_VERSION_MINOR }
}

/// The C function table of estimator type `T`; every entry catches panics. `views` are the
/// `LATKIT_VIEW_*` bits it needs, `capabilities` its `LATKIT_CAN_*` / `LATKIT_HAS_*` bits, and
/// `feature_encoding` (with `LATKIT_VIEW_FEATURES`) the encoding it wants, `None` for the
/// default. `adapt` is in the table only with `LATKIT_CAN_ADAPT`. Keep the result in a static.
pub const fn estimator_api<T: Estimator>(
    views: u32,
    capabilities: u32,
    feature_encoding: Option<&'static CStr>,
) -> sys::latkit_estimator_api {
    sys::latkit_estimator_api {
        header: header(std::mem::size_of::<sys::latkit_estimator_api>()),
        create: Some(create::<T>),
        destroy: Some(destroy::<T>),
        views,
        capabilities,
        feature_encoding: match feature_encoding {
            Some(encoding) => encoding.as_ptr(),
            None => ptr::null(),
        },
        fit: Some(fit::<T>),
        adapt: if capabilities & sys::LATKIT_CAN_ADAPT != 0 { Some(adapt::<T>) } else { None },
        predict: Some(predict::<T>),
        save: Some(save::<T>),
        load: Some(load::<T>),
    }
}

/// A descriptor for one estimator (kind `LATKIT_KIND_ESTIMATOR`), pointing at its static
/// `table` and extension `functions` (may be empty).
pub const fn estimator_descriptor(
    name: &'static CStr,
    version: &'static CStr,
    summary: &'static CStr,
    options_help: &'static CStr,
    table: &'static sys::latkit_estimator_api,
    functions: &'static [sys::latkit_function],
) -> latkit_descriptor {
    latkit_descriptor {
        header: header(std::mem::size_of::<latkit_descriptor>()),
        kind: sys::LATKIT_KIND_ESTIMATOR,
        function_count: functions.len() as u32,
        name: name.as_ptr(),
        version: version.as_ptr(),
        summary: summary.as_ptr(),
        options_help: options_help.as_ptr(),
        table: table as *const sys::latkit_estimator_api as *const c_void,
        functions: if functions.is_empty() { ptr::null() } else { functions.as_ptr() },
        plugin_data: ptr::null_mut(),
    }
}

/// The library the entry point returns, listing `plugins` (static descriptors).
pub const fn library(name: &'static CStr, plugins: &'static [&'static latkit_descriptor]) -> sys::latkit_library {
    sys::latkit_library {
        header: header(std::mem::size_of::<sys::latkit_library>()),
        plugin_count: plugins.len() as u32,
        reserved: 0,
        name: name.as_ptr(),
        // `&latkit_descriptor` has the layout of `const latkit_descriptor *`.
        plugins: plugins.as_ptr() as *const *const latkit_descriptor,
        init: None,
    }
}
