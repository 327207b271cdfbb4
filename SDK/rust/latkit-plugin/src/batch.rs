//! Safe views of what the host passes into a call: batches, sinks, progress.
use core::ffi::{c_char, CStr};
use std::ffi::CString;

use crate::sys::{self, latkit_batch, latkit_progress, latkit_sink};
use crate::{Error, Result};

/// `count` values at `pointer` as a slice, or an error when the host declared a view but passed
/// no array.
///
/// # Safety
/// A non-NULL `pointer` points to `count` valid values that outlive `'a`.
unsafe fn slice<'a, T>(pointer: *const T, count: usize, name: &str) -> Result<&'a [T]> {
    if count == 0 {
        Ok(&[])
    } else if pointer.is_null() {
        Err(Error::invalid(format!("the batch's {name} array is NULL for {count} values")))
    } else {
        // SAFETY: the caller promises `count` valid values.
        Ok(unsafe { std::slice::from_raw_parts(pointer, count) })
    }
}

/// The views of a batch of architectures, as the host prepared them (`latkit_batch`).
///
/// Accessors return an error when the host did not provide a view the plugin asks for.
/// Everything borrows host memory and is valid only during the call that received the batch.
#[derive(Clone, Copy)]
pub struct Batch<'a> {
    raw: &'a latkit_batch,
}

impl<'a> Batch<'a> {
    /// sizeof(latkit_batch) in ABI 1.0: every field read here exists since 1.0.
    pub const VERSION_1_SIZE: u32 = 144;

    /// Wraps the host's batch; refuses NULL and a struct smaller than ABI 1.0's.
    ///
    /// # Safety
    /// `batch` is NULL or a valid `latkit_batch` (with the arrays its views promise) for `'a`.
    pub unsafe fn from_raw(batch: *const latkit_batch) -> Result<Batch<'a>> {
        // SAFETY: the caller promises validity.
        let raw = unsafe { batch.as_ref() }.ok_or_else(|| Error::invalid("no batch given"))?;
        if raw.struct_size < Self::VERSION_1_SIZE {
            return Err(Error::incompatible(format!("batch struct is {} bytes, ABI 1.0 needs {}", raw.struct_size, Self::VERSION_1_SIZE)));
        }
        Ok(Batch { raw })
    }

    /// Number of rows.
    pub fn count(&self) -> usize {
        self.raw.count as usize
    }

    /// `LATKIT_VIEW_*` bits present.
    pub fn views(&self) -> u32 {
        self.raw.views
    }

    /// Whether every bit of `view` is present.
    pub fn has(&self, view: u32) -> bool {
        self.raw.views & view == view
    }

    /// Name of the search space the rows belong to ("" when absent or not UTF-8).
    pub fn search_space(&self) -> &'a str {
        if self.raw.search_space.is_null() {
            return "";
        }
        // SAFETY: a non-NULL string from the host is NUL-terminated and lives during the call.
        unsafe { CStr::from_ptr(self.raw.search_space) }.to_str().unwrap_or("")
    }

    fn require(&self, view: u32, name: &str) -> Result<()> {
        if self.has(view) {
            Ok(())
        } else {
            Err(Error::invalid(format!("the batch lacks the '{name}' view this plugin declared it needs")))
        }
    }

    /// Canonical architecture strings (`LATKIT_VIEW_ARCHITECTURES`).
    pub fn architectures(&self) -> Result<Vec<&'a str>> {
        self.require(sys::LATKIT_VIEW_ARCHITECTURES, "architectures")?;
        // SAFETY: with the view present the host passes `count` strings.
        let pointers = unsafe { slice(self.raw.architectures, self.count(), "architectures")? };
        pointers
            .iter()
            .enumerate()
            .map(|(row, &pointer)| {
                if pointer.is_null() {
                    return Err(Error::invalid(format!("architecture {row} is NULL")));
                }
                // SAFETY: non-NULL, NUL-terminated, valid during the call.
                unsafe { CStr::from_ptr(pointer) }.to_str().map_err(|_| Error::invalid(format!("architecture {row} is not UTF-8")))
            })
            .collect()
    }

    /// Row-major float32 features and their column count (`LATKIT_VIEW_FEATURES`).
    pub fn features(&self) -> Result<(&'a [f32], usize)> {
        self.require(sys::LATKIT_VIEW_FEATURES, "features")?;
        let columns = self.raw.feature_count as usize;
        let total = self.count().checked_mul(columns).ok_or_else(|| Error::invalid("the feature matrix is too large"))?;
        // SAFETY: with the view present the host passes count x feature_count values.
        Ok((unsafe { slice(self.raw.features, total, "features")? }, columns))
    }

    /// Multiply-accumulates per row (`LATKIT_VIEW_COST`).
    pub fn macs(&self) -> Result<&'a [f64]> {
        self.require(sys::LATKIT_VIEW_COST, "cost")?;
        // SAFETY: with the view present the host passes `count` values.
        unsafe { slice(self.raw.macs, self.count(), "macs") }
    }

    /// Parameters per row (`LATKIT_VIEW_COST`).
    pub fn params(&self) -> Result<&'a [f64]> {
        self.require(sys::LATKIT_VIEW_COST, "cost")?;
        // SAFETY: with the view present the host passes `count` values.
        unsafe { slice(self.raw.params, self.count(), "params") }
    }

    /// Batch size per row (`LATKIT_VIEW_DEVICE`).
    pub fn batch_sizes(&self) -> Result<&'a [f32]> {
        self.require(sys::LATKIT_VIEW_DEVICE, "device")?;
        // SAFETY: with the view present the host passes `count` values.
        unsafe { slice(self.raw.batch_sizes, self.count(), "batch sizes") }
    }

    /// Training targets, or `None` when the batch carries none (prediction).
    pub fn targets(&self) -> Option<&'a [f64]> {
        if self.raw.targets.is_null() {
            return None;
        }
        // SAFETY: non-NULL targets are `count` values.
        unsafe { slice(self.raw.targets, self.count(), "targets") }.ok()
    }

    /// The targets, or an error saying that fitting needs them.
    pub fn require_targets(&self) -> Result<&'a [f64]> {
        self.targets().ok_or_else(|| Error::invalid("the training batch carries no targets"))
    }

    /// The C struct itself, for views this type does not wrap (check `struct_size` before
    /// reading a field appended by ABI 1.1).
    pub fn raw(&self) -> &'a latkit_batch {
        self.raw
    }
}

/// Writes items to a host-owned `latkit_sink`; the host copies each item before `put` returns.
#[derive(Clone, Copy)]
pub struct Sink<'a> {
    raw: &'a latkit_sink,
}

impl<'a> Sink<'a> {
    /// Wraps the host's sink; refuses NULL.
    ///
    /// # Safety
    /// `sink` is NULL or a valid `latkit_sink` for `'a`.
    pub unsafe fn from_raw(sink: *const latkit_sink) -> Result<Sink<'a>> {
        // SAFETY: the caller promises validity.
        match unsafe { sink.as_ref() } {
            Some(raw) if raw.put.is_some() => Ok(Sink { raw }),
            _ => Err(Error::invalid("no output sink given")),
        }
    }

    /// Appends `data` to output `index`; a refusal by the host is returned with its status.
    pub fn put(&self, index: u64, data: &[u8], value: f64) -> Result<()> {
        let put = self.raw.put.ok_or_else(|| Error::invalid("no output sink given"))?;
        // SAFETY: the host's `put` reads `data.len()` bytes from `data` during the call.
        let status = unsafe { put(self.raw.context, index, data.as_ptr() as *const c_char, data.len() as u64, value) };
        if status == sys::LATKIT_OK {
            Ok(())
        } else {
            Err(Error::new(status, format!("the host refused output {index} (status {status})")))
        }
    }

    /// Appends UTF-8 text to output `index`.
    pub fn put_str(&self, index: u64, text: &str, value: f64) -> Result<()> {
        self.put(index, text.as_bytes(), value)
    }
}

/// Reports progress of a long call, and learns whether the host asked to stop.
#[derive(Clone, Copy)]
pub struct Progress<'a> {
    raw: Option<&'a latkit_progress>,
}

impl<'a> Progress<'a> {
    /// Wraps the host's progress, which may be NULL (no progress wanted).
    ///
    /// # Safety
    /// `progress` is NULL or a valid `latkit_progress` for `'a`.
    pub unsafe fn from_raw(progress: *const latkit_progress) -> Progress<'a> {
        // SAFETY: the caller promises validity.
        Progress { raw: unsafe { progress.as_ref() } }
    }

    /// Reports `fraction` in [0, 1] (negative: unknown); returns false when the host asks to stop.
    pub fn report(&self, fraction: f64, message: Option<&str>) -> bool {
        let Some(raw) = self.raw else { return true };
        let Some(report) = raw.report else { return true };
        let text = message.map(|m| CString::new(m.replace('\0', " ")).unwrap_or_default());
        let pointer = text.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
        // SAFETY: the host's callback, called on the calling thread during the call.
        unsafe { report(raw.context, fraction, pointer) == 0 }
    }

    /// Reports, and returns [`Error::cancelled`] when the host asks to stop.
    pub fn check(&self, fraction: f64, message: Option<&str>) -> Result<()> {
        if self.report(fraction, message) {
            Ok(())
        } else {
            Err(Error::cancelled())
        }
    }
}
