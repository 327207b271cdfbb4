//! Write LatencyKit plugins in Rust.
//!
//! The contract between the `latkit` host and a plugin is the C header
//! `SDK/include/latkit_plugin.h` (ABI 1.1). This crate has two layers:
//!
//! - [`sys`]: `#[repr(C)]` bindings of every type and function-pointer table of the header,
//!   checked field by field against a C compiler by `tests/layout.rs`;
//! - a small safe layer: implement [`Estimator`] on an ordinary Rust type, make its C table with
//!   [`estimator_api`], describe it with [`estimator_descriptor`] and [`library`], and export the
//!   entry point with [`export_library!`].
//!
//! **Panics never cross the ABI.** Every function this crate puts into a table runs the plugin's
//! code inside [`guarded`], which wraps it in [`std::panic::catch_unwind`]: a returned [`Error`]
//! becomes its status and message, and a panic becomes `LATKIT_ERR_INTERNAL` with the message
//! `panic: <the panic's message>`. (Unwinding out of an `extern "C"` function would abort the
//! host.) The panic hook still prints the panic to standard error as usual. This needs the
//! default `panic = "unwind"`: a plugin built with `panic = "abort"` cannot catch anything.
//!
//! Messages go into the host's caller-owned error buffer as one line, truncated to its capacity
//! at a UTF-8 character boundary and NUL-terminated ([`write_message`]).
//!
//! ```
//! use latkit_plugin::*;
//!
//! struct Mean { value: Option<f64> }
//! impl Estimator for Mean {
//!     fn create(_options: &mut Options) -> Result<Self> { Ok(Mean { value: None }) }
//!     fn fit(&mut self, train: &Batch, _: Option<&Batch>, _: u64, _: &Progress) -> Result<()> {
//!         let targets = train.require_targets()?;
//!         self.value = Some(targets.iter().sum::<f64>() / targets.len().max(1) as f64);
//!         Ok(())
//!     }
//!     fn predict(&mut self, _: &Batch, mean: &mut [f64], _: Option<&mut [f64]>) -> Result<()> {
//!         let value = self.value.ok_or_else(|| Error::state("predict called before fit"))?;
//!         mean.fill(value);
//!         Ok(())
//!     }
//! }
//! static TABLE: sys::latkit_estimator_api = estimator_api::<Mean>(0, sys::LATKIT_CAN_FIT, None);
//! static DESCRIPTOR: sys::latkit_descriptor =
//!     estimator_descriptor(c"mean", c"1.0.0", c"the training mean", c"", &TABLE, &[]);
//! static PLUGINS: [&sys::latkit_descriptor; 1] = [&DESCRIPTOR];
//! static LIBRARY: sys::latkit_library = library(c"latkit-mean", &PLUGINS);
//! export_library!(LIBRARY);
//! ```
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

use core::ffi::c_char;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};

mod batch;
mod estimator;
mod options;
#[allow(missing_docs)]
pub mod sys;

pub use batch::{Batch, Progress, Sink};
pub use estimator::{estimator_api, estimator_descriptor, header, library, Estimator};
pub use options::Options;

use sys::{latkit_error, latkit_status};

/// An error a plugin reports to the host: a `LATKIT_ERR_*` status and a one-line message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The status the call returns (never `LATKIT_OK`).
    pub status: latkit_status,
    /// What went wrong and, where it helps, what is allowed.
    pub message: String,
}

impl Error {
    /// An error with a raw `LATKIT_ERR_*` status.
    pub fn new(status: latkit_status, message: impl Into<String>) -> Error {
        Error { status, message: message.into() }
    }
    /// Bad input: a malformed architecture, an unknown option, a missing view.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_INVALID_ARGUMENT, message)
    }
    /// A call this plugin does not implement.
    pub fn unsupported(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_UNSUPPORTED, message)
    }
    /// A call in the wrong order, e.g. predict before fit.
    pub fn state(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_STATE, message)
    }
    /// A progress callback asked the plugin to stop.
    pub fn cancelled() -> Error {
        Error::new(sys::LATKIT_ERR_CANCELLED, "cancelled")
    }
    /// Reading or writing outside data failed.
    pub fn io(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_IO, message)
    }
    /// Saved state or versions this plugin cannot accept.
    pub fn incompatible(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_INCOMPATIBLE, message)
    }
    /// A bug or an exhausted resource inside the plugin.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(sys::LATKIT_ERR_INTERNAL, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::io(error.to_string())
    }
}

/// The result of every plugin method.
pub type Result<T> = std::result::Result<T, Error>;

/// Writes `parts`, one after the other, into a caller-owned error buffer: one line (line breaks
/// become spaces), at most `capacity - 1` bytes cut at a UTF-8 character boundary, then a NUL.
/// A NULL `error`, NULL buffer or zero capacity writes nothing.
///
/// # Safety
/// `error` is NULL or points to a `latkit_error` whose `message` holds `capacity` writable bytes.
pub unsafe fn write_message(error: *mut latkit_error, parts: &[&str]) {
    // SAFETY: the caller promises `error` is NULL or valid.
    let Some(error) = (unsafe { error.as_mut() }) else { return };
    if error.message.is_null() || error.capacity == 0 {
        return;
    }
    let limit = error.capacity as usize - 1;
    let mut length = 0;
    'parts: for part in parts {
        for character in part.chars() {
            let character = if character == '\n' || character == '\r' { ' ' } else { character };
            let mut encoded = [0u8; 4];
            let bytes = character.encode_utf8(&mut encoded).as_bytes();
            if length + bytes.len() > limit {
                break 'parts;
            }
            for &byte in bytes {
                // SAFETY: length < limit < capacity.
                unsafe { *error.message.add(length) = byte as c_char };
                length += 1;
            }
        }
    }
    // SAFETY: length <= limit = capacity - 1.
    unsafe { *error.message.add(length) = 0 };
}

/// Runs `body`, catching every panic, and returns the call's status: `LATKIT_OK`, the status of
/// a returned [`Error`] (its message written into `error`), or `LATKIT_ERR_INTERNAL` with
/// `panic: <message>` for a panic. Every table function of this crate goes through it; use it
/// yourself in any other function you hand to the host.
///
/// # Safety
/// `error` is NULL or points to a valid `latkit_error` (see [`write_message`]).
pub unsafe fn guarded<F: FnOnce() -> Result<()>>(error: *mut latkit_error, body: F) -> latkit_status {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => sys::LATKIT_OK,
        Ok(Err(failure)) => {
            // SAFETY: forwarded from the caller.
            unsafe { write_message(error, &[&failure.message]) };
            if failure.status == sys::LATKIT_OK {
                sys::LATKIT_ERR_INTERNAL
            } else {
                failure.status
            }
        }
        Err(payload) => {
            let text = payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            // SAFETY: forwarded from the caller.
            unsafe {
                match text {
                    Some(text) => write_message(error, &["panic: ", text]),
                    None => write_message(error, &["panic with a payload that is not a string"]),
                }
            }
            // Dropping a payload can itself panic; that must not unwind out of here either.
            if let Err(again) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
                std::mem::forget(again);
            }
            sys::LATKIT_ERR_INTERNAL
        }
    }
}

/// Defines the exported entry point `latkit_plugin_entry`, returning a static `latkit_library`.
/// Use it once per `cdylib`, with the path of the library's static.
#[macro_export]
macro_rules! export_library {
    ($library:path) => {
        /// The plugin entry point: returns this library's static description (ABI section 1).
        #[no_mangle]
        pub extern "C" fn latkit_plugin_entry() -> *const $crate::sys::latkit_library {
            &$library
        }
    };
}

/// A `latkit_function` entry for an extension function (`latkit call PLUGIN NAME ...`):
/// `extension_function!(c"add", c"d(d,d)", add: extern "C" fn(f64, f64) -> f64, c"a + b")`.
/// The signature string must spell the Rust function's C type; the function is called from C,
/// so it must not panic (wrap its body in `catch_unwind` if it could).
#[macro_export]
macro_rules! extension_function {
    ($name:expr, $signature:expr, $function:path : $type:ty, $summary:expr) => {
        $crate::sys::latkit_function {
            struct_size: ::core::mem::size_of::<$crate::sys::latkit_function>() as u32,
            reserved: 0,
            name: ::core::ffi::CStr::as_ptr($name),
            signature: ::core::ffi::CStr::as_ptr($signature),
            // SAFETY: the host casts the pointer back to the type `signature` spells.
            function: Some(unsafe { ::core::mem::transmute::<$type, unsafe extern "C" fn()>($function) }),
            summary: ::core::ffi::CStr::as_ptr($summary),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer_of(capacity: usize) -> (Vec<c_char>, latkit_error) {
        let mut storage = vec![0x7F as c_char; capacity.max(1)];
        let error = latkit_error { message: storage.as_mut_ptr(), capacity: capacity as u32, reserved: 0 };
        (storage, error)
    }

    fn text(storage: &[c_char]) -> String {
        let bytes: Vec<u8> = storage.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        String::from_utf8(bytes).expect("the message is valid UTF-8")
    }

    #[test]
    fn messages_are_one_line_and_truncated_at_a_character_boundary() {
        let (storage, mut error) = buffer_of(8);
        unsafe { write_message(&mut error, &["ab\ncd", "ééé"]) };
        // 7 bytes of room: "ab cd" (5) + one 'é' (2); the next 'é' would not fit.
        assert_eq!(text(&storage), "ab cdé");
        // 6 bytes of room: one byte is left after "ab cd", too few for half an 'é'.
        let (storage, mut error) = buffer_of(7);
        unsafe { write_message(&mut error, &["ab cd", "ééé"]) };
        assert_eq!(text(&storage), "ab cd");
        let (storage, mut error) = buffer_of(1);
        unsafe { write_message(&mut error, &["ab"]) };
        assert_eq!(text(&storage), "");
        unsafe { write_message(std::ptr::null_mut(), &["ignored"]) };
    }

    #[test]
    fn panics_and_errors_become_statuses() {
        let (storage, mut error) = buffer_of(64);
        let status = unsafe { guarded(&mut error, || panic!("boom {}", 7)) };
        assert_eq!((status, text(&storage)), (sys::LATKIT_ERR_INTERNAL, "panic: boom 7".to_string()));
        let status = unsafe { guarded(&mut error, || std::panic::panic_any(42_i32)) };
        assert_eq!((status, text(&storage)), (sys::LATKIT_ERR_INTERNAL, "panic with a payload that is not a string".to_string()));
        let status = unsafe { guarded(&mut error, || Err(Error::state("not yet"))) };
        assert_eq!((status, text(&storage)), (sys::LATKIT_ERR_STATE, "not yet".to_string()));
        assert_eq!(unsafe { guarded(&mut error, || Ok(())) }, sys::LATKIT_OK);
    }
}
