//! The C example's estimator, written in Rust with the `latkit-plugin` crate.
//!
//! Plugin "example-rust-linear": latency = a + b * MACs, fitted by least squares on the COST
//! view, exactly as `SDK/examples/c_estimator/linear_cost_estimator.c` does. The crate makes the
//! C tables, parses options and catches every panic at the boundary, so none unwinds into the
//! host.
//!
//! The option `fault` exists to show that: `fault=panic` makes predict panic with a message,
//! `fault=panic-any` panics with a non-string payload, `fault=long-message` panics with a
//! 4,000-byte message that the crate truncates to the host's buffer. Each arrives in the host as
//! an error (`LATKIT_ERR_INTERNAL` with the message), never as an abort.
//!
//! Build outside SwiftPM, then check:
//!
//! ```sh
//! cargo build --offline --release --manifest-path SDK/examples/rust_estimator/Cargo.toml
//! latkit plugins check SDK/examples/rust_estimator/target/release/liblatkit_example_rust.so
//! ```
use latkit_plugin::sys::{self, latkit_descriptor, latkit_estimator_api, latkit_function, latkit_library};
use latkit_plugin::{
    estimator_api, estimator_descriptor, export_library, extension_function, library, Batch, Error, Estimator, Options, Progress, Result,
};

/// "LIN1": the C example's state format (magic, then three little-endian doubles).
const STATE_MAGIC: u32 = 0x4C49_4E31;
const STATE_SIZE: usize = 4 + 3 * 8;

/// The fitted line.
#[derive(Clone, Copy)]
struct Line {
    intercept: f64,
    /// ms per multiply-accumulate.
    slope: f64,
    /// RMS of the training residuals: the std reported with each prediction.
    residual: f64,
}

struct LinearCost {
    fault: String,
    line: Option<Line>,
}

impl Estimator for LinearCost {
    fn create(options: &mut Options) -> Result<Self> {
        let fault = options.choice("fault", "none", &["none", "panic", "panic-any", "long-message"])?;
        Ok(LinearCost { fault, line: None })
    }

    fn fit(&mut self, train: &Batch<'_>, _validation: Option<&Batch<'_>>, _seed: u64, _progress: &Progress<'_>) -> Result<()> {
        let targets = train.require_targets()?;
        let macs = train.macs()?;
        if train.count() < 2 {
            return Err(Error::invalid(format!("need at least 2 rows, got {}", train.count())));
        }
        let n = train.count() as f64;
        let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
        for (&x, &y) in macs.iter().zip(targets) {
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        let denominator = n * sxx - sx * sx;
        let slope = if denominator != 0.0 { (n * sxy - sx * sy) / denominator } else { 0.0 };
        let intercept = (sy - slope * sx) / n;
        let squares: f64 = macs.iter().zip(targets).map(|(&x, &y)| (y - (intercept + slope * x)).powi(2)).sum();
        self.line = Some(Line { intercept, slope, residual: (squares / n).sqrt() });
        Ok(())
    }

    fn predict(&mut self, batch: &Batch<'_>, mean: &mut [f64], std: Option<&mut [f64]>) -> Result<()> {
        match self.fault.as_str() {
            "panic" => panic!("deliberate fault in predict (fault=panic)"),
            "panic-any" => std::panic::panic_any(42_i32),
            "long-message" => panic!("deliberate fault in predict (fault=long-message): {}", "é".repeat(2000)),
            _ => {}
        }
        let line = self.line.ok_or_else(|| Error::state("predict called before fit or load"))?;
        if batch.count() == 0 {
            return Ok(());
        }
        for (out, &x) in mean.iter_mut().zip(batch.macs()?) {
            *out = line.intercept + line.slope * x;
        }
        if let Some(std) = std {
            std.fill(line.residual);
        }
        Ok(())
    }

    fn save(&self) -> Result<Vec<u8>> {
        let line = self.line.ok_or_else(|| Error::state("nothing to save before fit"))?;
        let mut bytes = Vec::with_capacity(STATE_SIZE);
        bytes.extend_from_slice(&STATE_MAGIC.to_le_bytes());
        for value in [line.intercept, line.slope, line.residual] {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        Ok(bytes)
    }

    fn load(&mut self, bytes: &[u8]) -> Result<()> {
        if bytes.len() != STATE_SIZE {
            return Err(Error::incompatible(format!("state must be {STATE_SIZE} bytes, got {}", bytes.len())));
        }
        if bytes[..4] != STATE_MAGIC.to_le_bytes() {
            return Err(Error::incompatible("not an example-rust-linear state"));
        }
        let value = |at: usize| f64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        self.line = Some(Line { intercept: value(4), slope: value(12), residual: value(20) });
        Ok(())
    }
}

/// An extension function: `latkit call example-rust-linear add 2 3` prints 5.
extern "C" fn add(a: f64, b: f64) -> f64 {
    a + b
}

static TABLE: latkit_estimator_api =
    estimator_api::<LinearCost>(sys::LATKIT_VIEW_COST, sys::LATKIT_CAN_FIT | sys::LATKIT_HAS_STD | sys::LATKIT_CAN_SAVE, None);

static FUNCTIONS: [latkit_function; 1] = [extension_function!(c"add", c"d(d,d)", add: extern "C" fn(f64, f64) -> f64, c"a + b")];

static DESCRIPTOR: latkit_descriptor = estimator_descriptor(
    c"example-rust-linear",
    c"1.0.0",
    c"Latency as a least-squares line in multiply-accumulates (Rust SDK example)",
    c"fault=none  none, or make predict panic: panic (a message), panic-any (not a string), long-message",
    &TABLE,
    &FUNCTIONS,
);

static PLUGINS: [&latkit_descriptor; 1] = [&DESCRIPTOR];

static LIBRARY: latkit_library = library(c"latkit-example-rust", &PLUGINS);

export_library!(LIBRARY);
