//! Wire forms of the Graph primitive types that serde and serde_json do not cover as Graph
//! sends them, and the helpers the generated `types` module calls.
//!
//! The generated crates re-export this module as `graph_sdk::wire`; their `types` modules
//! call it. Each type here round-trips what Graph sends:
//!
//! | Graph (Edm) | Rust | why not a plain type |
//! | --- | --- | --- |
//! | `DateTimeOffset` | [`DateTimeOffset`] | Graph writes 0–7 fraction digits and sometimes no offset; the text is kept, [`DateTimeOffset::to_chrono`] parses |
//! | `Date` / `TimeOfDay` | [`Date`] / [`TimeOfDay`] | kept as sent, parsed by `to_chrono` |
//! | `Duration` | [`Duration`] | ISO 8601 (`P1DT2H`); no kept crate reads Edm.Duration into `std::time::Duration` |
//! | `Guid` | [`Guid`] | kept as sent (case, braces) |
//! | `Binary` | [`Binary`] | base64 in either alphabet, padded or not |
//! | `Int64` | [`Int64`] | a number, or a string under `IEEE754Compatible=true`; written back as it came |
//! | `Decimal` | [`Decimal`] | the same; digits are kept as text |
//! | `Single` / `Double` | [`Double`] | `"NaN"`, `"INF"`, `"-INF"` are strings on the wire |
//!
//! Enums implement [`WireEnum`]; flag enums travel as [`Flags`], a comma-separated list.
//! Typed models read and write their properties with [`Reader`] and [`Writer`].
//! Subtype dispatch by `@odata.type` uses [`read_tagged`], [`odata_type`] and [`subtype`].

use base64::Engine as _;
use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A documented enum: every member has a wire name, and unknown wire names are kept.
pub trait WireEnum: Sized {
    /// The value as sent on the wire.
    fn as_str(&self) -> &str;
    /// The member for a wire value; a value the crate does not know is kept as is.
    fn from_wire(s: &str) -> Self;
}

/// Serialize an enum as its wire string.
pub fn serialize_enum<E: WireEnum, S: Serializer>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_str())
}

/// Deserialize an enum from a string (or an integer, which some services send).
pub fn deserialize_enum<'de, E: WireEnum, D: Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    let text = match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        other => {
            return Err(de::Error::custom(format!(
                "expected an enum member as a string, found {other}"
            )))
        }
    };
    Ok(E::from_wire(&text))
}

/// A flags enum value: members joined by `,` on the wire (`"email,sms"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Flags<E>(pub Vec<E>);

impl<E: WireEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<&str> = self.0.iter().map(WireEnum::as_str).collect();
        s.serialize_str(&parts.join(","))
    }
}

impl<'de, E: WireEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Flags(
            text.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(E::from_wire)
                .collect(),
        ))
    }
}

pub use crate::object::{debug_model, Object, Reader, Writer};

/// The `@odata.type` of a JSON object without its leading `#`.
pub fn odata_type(value: &serde_json::Value) -> Option<&str> {
    value
        .get("@odata.type")
        .and_then(serde_json::Value::as_str)
        .map(|t| t.strip_prefix('#').unwrap_or(t))
}

/// Reads the subtype a JSON value's `@odata.type` names: `from` (the generated
/// `from_tagged` of an `Any…` enum) picks it; a plain fn, so the dispatch is compiled once
/// per enum, not once per deserializer.
pub fn read_tagged<'de, D, T>(
    d: D,
    from: fn(serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = serde_json::Value::deserialize(d)?;
    from(value).map_err(de::Error::custom)
}

/// The subtype `make` wraps (a variant of an `Any…` enum), read from `value`.
pub fn subtype<T: DeserializeOwned, S>(
    value: serde_json::Value,
    make: fn(Box<T>) -> S,
) -> Result<S, serde_json::Error> {
    serde_json::from_value(value).map(|v| make(Box::new(v)))
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The value exactly as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }
    };
}

text_newtype!(
    /// `Edm.DateTimeOffset` as sent (`2021-03-20T10:00:00.0000000Z`).
    DateTimeOffset
);
text_newtype!(
    /// `Edm.Date` as sent (`2021-03-20`).
    Date
);
text_newtype!(
    /// `Edm.TimeOfDay` as sent (`08:30:00.0000000`).
    TimeOfDay
);
text_newtype!(
    /// `Edm.Duration` as sent, ISO 8601 (`PT1H30M`, `P1D`).
    Duration
);
text_newtype!(
    /// `Edm.Guid` as sent (`e0bf3c51-…`).
    Guid
);

impl DateTimeOffset {
    /// The instant; a value without an offset is read as UTC (as Graph means it).
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, chrono::ParseError> {
        chrono::DateTime::parse_from_rfc3339(&self.0).or_else(|e| {
            chrono::NaiveDateTime::parse_from_str(&self.0, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|n| n.and_utc().fixed_offset())
                .map_err(|_| e)
        })
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTimeOffset
where
    Tz::Offset: fmt::Display,
{
    fn from(t: chrono::DateTime<Tz>) -> Self {
        DateTimeOffset(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl Date {
    /// The calendar date.
    pub fn to_chrono(&self) -> Result<chrono::NaiveDate, chrono::ParseError> {
        chrono::NaiveDate::parse_from_str(&self.0, "%Y-%m-%d")
    }
}

impl From<chrono::NaiveDate> for Date {
    fn from(d: chrono::NaiveDate) -> Self {
        Date(d.format("%Y-%m-%d").to_string())
    }
}

impl TimeOfDay {
    /// The time of day.
    pub fn to_chrono(&self) -> Result<chrono::NaiveTime, chrono::ParseError> {
        chrono::NaiveTime::parse_from_str(&self.0, "%H:%M:%S%.f")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&self.0, "%H:%M"))
    }
}

impl From<chrono::NaiveTime> for TimeOfDay {
    fn from(t: chrono::NaiveTime) -> Self {
        TimeOfDay(t.format("%H:%M:%S%.f").to_string())
    }
}

impl Duration {
    /// The length of an Edm.Duration (`[-]PnDTnHnMn.nS`); `None` for other forms (years or
    /// months have no fixed length) and for negative durations.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let rest = self.0.trim().strip_prefix('P')?;
        let (days, time) = match rest.split_once('T') {
            Some((d, t)) => (d, t),
            None => (rest, ""),
        };
        let mut secs = 0f64;
        if !days.is_empty() {
            secs += days.strip_suffix('D')?.parse::<f64>().ok()? * 86_400.0;
        }
        let mut num = String::new();
        for c in time.chars() {
            let unit = match c {
                'H' => 3_600.0,
                'M' => 60.0,
                'S' => 1.0,
                c if c.is_ascii_digit() || c == '.' => {
                    num.push(c);
                    continue;
                }
                _ => return None,
            };
            secs += num.parse::<f64>().ok()? * unit;
            num.clear();
        }
        (num.is_empty() && secs.is_finite() && secs >= 0.0)
            .then(|| std::time::Duration::from_secs_f64(secs))
    }
}

impl From<std::time::Duration> for Duration {
    fn from(d: std::time::Duration) -> Self {
        let nanos = d.subsec_nanos();
        Duration(if nanos == 0 {
            format!("PT{}S", d.as_secs())
        } else {
            let frac = format!("{nanos:09}");
            format!("PT{}.{}S", d.as_secs(), frac.trim_end_matches('0'))
        })
    }
}

/// `Edm.Binary`: bytes, base64 on the wire. Reads the standard and the URL-safe alphabet,
/// with or without padding; writes standard padded base64.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

const LENIENT: base64::engine::GeneralPurposeConfig = base64::engine::GeneralPurposeConfig::new()
    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let text = text.trim();
        let standard = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
        let url = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);
        let engine = if text.contains(['-', '_']) {
            url
        } else {
            standard
        };
        engine
            .decode(text)
            .map(Binary)
            .map_err(|e| de::Error::custom(format!("invalid base64: {e}")))
    }
}

/// `Edm.Int64`: a JSON number, or a string when the service writes 64-bit numbers as text;
/// written back the way it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Int64 {
    /// The number.
    pub value: i64,
    /// Sent (and sent back) as a JSON string.
    pub quoted: bool,
}

impl From<i64> for Int64 {
    fn from(value: i64) -> Self {
        Int64 {
            value,
            quoted: false,
        }
    }
}

impl From<Int64> for i64 {
    fn from(v: Int64) -> i64 {
        v.value
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(&self.value.to_string())
        } else {
            s.serialize_i64(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Int64::from)
                .ok_or_else(|| de::Error::custom(format!("{n} is not an Int64"))),
            serde_json::Value::String(s) => s
                .trim()
                .parse()
                .map(|value| Int64 {
                    value,
                    quoted: true,
                })
                .map_err(|_| de::Error::custom(format!("{s:?} is not an Int64"))),
            other => Err(de::Error::custom(format!(
                "expected an Int64, found {other}"
            ))),
        }
    }
}

/// `Edm.Decimal`: the digits as sent (a JSON number or string), so no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    /// The number as decimal digits (`-12.50`).
    pub digits: String,
    /// Sent (and sent back) as a JSON string.
    pub quoted: bool,
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.quoted, self.digits.parse::<serde_json::Number>()) {
            (false, Ok(n)) => n.serialize(s),
            _ => s.serialize_str(&self.digits),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => Ok(Decimal {
                digits: n.to_string(),
                quoted: false,
            }),
            serde_json::Value::String(digits) => Ok(Decimal {
                digits,
                quoted: true,
            }),
            other => Err(de::Error::custom(format!(
                "expected a Decimal, found {other}"
            ))),
        }
    }
}

/// `Edm.Double` / `Edm.Single`: a JSON number, or the strings `NaN`, `INF`, `-INF` (and
/// numbers as strings, which are read but written back as numbers).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Double(pub f64);

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_nan() {
            s.serialize_str("NaN")
        } else if v.is_infinite() {
            s.serialize_str(if v > 0.0 { "INF" } else { "-INF" })
        } else if v.fract() == 0.0 && v.abs() < 9.0e15 {
            // Integral values go back as integers (`5`, not `5.0`).
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .as_f64()
                .map(Double)
                .ok_or_else(|| de::Error::custom(format!("{n} is not a Double"))),
            serde_json::Value::String(s) => match s.trim() {
                "NaN" => Ok(Double(f64::NAN)),
                "INF" | "Infinity" => Ok(Double(f64::INFINITY)),
                "-INF" | "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
                t => t
                    .parse()
                    .map(Double)
                    .map_err(|_| de::Error::custom(format!("{s:?} is not a Double"))),
            },
            other => Err(de::Error::custom(format!(
                "expected a Double, found {other}"
            ))),
        }
    }
}

impl From<f64> for Double {
    fn from(v: f64) -> Self {
        Double(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_reads_both_alphabets() {
        let std: Binary = serde_json::from_str("\"+/8=\"").unwrap();
        let url: Binary = serde_json::from_str("\"-_8\"").unwrap();
        assert_eq!(std, url);
        assert_eq!(serde_json::to_string(&url).unwrap(), "\"+/8=\"");
    }

    #[test]
    fn numbers_round_trip_as_sent() {
        for text in ["5", "\"5\"", "-9007199254740993", "\"9007199254740993\""] {
            let v: Int64 = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), text);
        }
        for text in ["\"NaN\"", "\"INF\"", "\"-INF\"", "1.5", "2"] {
            let v: Double = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), text);
        }
        for text in ["1.25", "\"12345678901234567890.123\""] {
            let v: Decimal = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), text);
        }
    }

    #[test]
    fn times_parse() {
        let t = DateTimeOffset::from("2016-10-19T10:37:00.0000000Z");
        assert_eq!(t.to_chrono().unwrap().timestamp(), 1_476_873_420);
        assert!(DateTimeOffset::from("2017-01-01T00:00:00")
            .to_chrono()
            .is_ok());
        assert_eq!(
            Duration::from("P1DT1H30M0.5S").to_std(),
            Some(std::time::Duration::from_secs_f64(91_800.5))
        );
        assert_eq!(Duration::from("P1Y").to_std(), None);
    }
}
