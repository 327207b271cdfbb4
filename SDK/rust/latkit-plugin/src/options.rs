//! The `key=value` options the host passes to `create`.
use std::ops::RangeInclusive;

use crate::{Error, Result};

/// The options of one `create` call, read with typed accessors.
///
/// Each accessor marks its key as known; after [`Estimator::create`](crate::Estimator::create)
/// returns, the crate calls [`Options::finish`], which refuses any key no accessor asked for, so
/// a misspelt `--set lerning_rate=0.1` is an error rather than silently ignored.
#[derive(Debug, Default)]
pub struct Options {
    entries: Vec<(String, String)>,
    known: Vec<String>,
}

impl Options {
    /// Parses `key=value` lines separated by `'\n'`; blank lines are skipped.
    pub fn parse(text: &str) -> Result<Options> {
        let mut options = Options::default();
        for line in text.split('\n').map(str::trim).filter(|line| !line.is_empty()) {
            let (key, value) = line.split_once('=').ok_or_else(|| Error::invalid(format!("option '{line}' is not key=value")))?;
            let key = key.trim();
            if options.find(key).is_some() {
                return Err(Error::invalid(format!("option '{key}' given twice")));
            }
            options.entries.push((key.to_string(), value.trim().to_string()));
        }
        Ok(options)
    }

    fn find(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn lookup(&mut self, key: &str) -> Option<String> {
        self.known.push(key.to_string());
        self.find(key).map(str::to_string)
    }

    /// The raw text of `key`, or `default` when absent.
    pub fn string(&mut self, key: &str, default: &str) -> String {
        self.lookup(key).unwrap_or_else(|| default.to_string())
    }

    /// `key` as one of `allowed`.
    pub fn choice(&mut self, key: &str, default: &str, allowed: &[&str]) -> Result<String> {
        let value = self.string(key, default);
        if allowed.contains(&value.as_str()) {
            Ok(value)
        } else {
            Err(Error::invalid(format!("option {key}={value} is not one of {}", allowed.join(", "))))
        }
    }

    /// `key` as a finite number within `range`.
    pub fn number(&mut self, key: &str, default: f64, range: RangeInclusive<f64>) -> Result<f64> {
        match self.lookup(key) {
            None => Ok(default),
            Some(text) => match text.parse::<f64>() {
                Ok(value) if value.is_finite() && range.contains(&value) => Ok(value),
                _ => Err(Error::invalid(format!("option {key}={text} must be a number in {}...{}", range.start(), range.end()))),
            },
        }
    }

    /// `key` as an integer within `range`.
    pub fn integer(&mut self, key: &str, default: i64, range: RangeInclusive<i64>) -> Result<i64> {
        match self.lookup(key) {
            None => Ok(default),
            Some(text) => match text.parse::<i64>() {
                Ok(value) if range.contains(&value) => Ok(value),
                _ => Err(Error::invalid(format!("option {key}={text} must be an integer in {}...{}", range.start(), range.end()))),
            },
        }
    }

    /// `key` as a boolean (true/false, yes/no, 1/0).
    pub fn boolean(&mut self, key: &str, default: bool) -> Result<bool> {
        match self.lookup(key).as_deref() {
            None => Ok(default),
            Some("true" | "yes" | "1") => Ok(true),
            Some("false" | "no" | "0") => Ok(false),
            Some(text) => Err(Error::invalid(format!("option {key}={text} must be true or false"))),
        }
    }

    /// Fails on the first option that no accessor asked for, naming it and the known keys.
    pub fn finish(&self) -> Result<()> {
        match self.entries.iter().find(|(key, _)| !self.known.contains(key)) {
            None => Ok(()),
            Some((key, _)) if self.known.is_empty() => Err(Error::invalid(format!("unknown option '{key}' (this plugin takes none)"))),
            Some((key, _)) => Err(Error::invalid(format!("unknown option '{key}' (known: {})", self.known.join(", ")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_accessors_and_unknown_keys() {
        let mut options = Options::parse("rate = 0.5\n\nsteps=3\nflag=yes\nmode=b").unwrap();
        assert_eq!(options.number("rate", 1.0, 0.0..=1.0), Ok(0.5));
        assert_eq!(options.integer("steps", 1, 1..=10), Ok(3));
        assert_eq!(options.boolean("flag", false), Ok(true));
        assert_eq!(options.choice("mode", "a", &["a", "b"]), Ok("b".to_string()));
        assert_eq!(options.string("absent", "x"), "x");
        assert_eq!(options.finish(), Ok(()));

        let mut options = Options::parse("steps=30\ntypo=1").unwrap();
        assert!(options.integer("steps", 1, 1..=10).unwrap_err().message.contains("must be an integer in 1...10"));
        assert_eq!(options.finish().unwrap_err().message, "unknown option 'typo' (known: steps)");
        assert_eq!(Options::parse("a=1\na=2").unwrap_err().message, "option 'a' given twice");
        assert_eq!(Options::parse("novalue").unwrap_err().status, crate::sys::LATKIT_ERR_INVALID_ARGUMENT);
    }
}
