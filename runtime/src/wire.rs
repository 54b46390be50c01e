//! Wire formats of OData primitive types that serde and serde_json do not
//! read directly, as small value types that compose with `Option`,
//! [`Nullable`](crate::Nullable) and `Vec` in generated models.
//!
//! * [`Int64`] and [`Decimal`]: Graph writes them as JSON numbers, or as
//!   strings under `IEEE754Compatible=true` and in open types.
//!   `serde_with::PickFirst<(_, DisplayFromStr)>` reads both but forgets
//!   which one was sent, so a model would not serialize back to what Graph
//!   sent; these types remember it.
//! * [`Double`]: OData writes the non-finite values as the strings `"NaN"`,
//!   `"INF"` and `"-INF"`; serde_json rejects them for `f64` and writes NaN
//!   as `null`.
//! * [`Base64Bytes`]: `Edm.Binary` is base64url by the OData spec, but Graph
//!   documents and sends standard base64 (`contentBytes`), padded or not;
//!   `serde_with::base64::Base64` accepts one alphabet only. The `base64`
//!   crate does the decoding; this type picks the alphabet and remembers it.
//!
//! Date-times, dates, times of day, durations and GUIDs are read by kept
//! crates and need nothing here.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An `Edm.Int64`, read from a JSON number or a decimal string, written back
/// in the form it was read (a number when made in code).
///
/// ```
/// use graph_runtime::wire::Int64;
/// let a: Int64 = serde_json::from_str("9007199254740993").unwrap();
/// let b: Int64 = serde_json::from_str(r#""9007199254740993""#).unwrap();
/// assert_eq!(a, b);
/// assert_eq!(b.get(), 9_007_199_254_740_993);
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#""9007199254740993""#);
/// assert_eq!(serde_json::to_string(&Int64::from(5)).unwrap(), "5");
/// ```
#[derive(Debug, Clone, Copy, Eq)]
pub struct Int64 {
    value: i64,
    quoted: bool,
}

impl Int64 {
    /// A value written as a JSON number.
    pub fn new(value: i64) -> Self {
        Int64 {
            value,
            quoted: false,
        }
    }

    /// The value.
    pub fn get(self) -> i64 {
        self.value
    }

    /// True if it was read from (and is written as) a string.
    pub fn is_quoted(self) -> bool {
        self.quoted
    }
}

/// Equal values are equal whatever their wire form.
impl PartialEq for Int64 {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl std::hash::Hash for Int64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Int64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl From<i64> for Int64 {
    fn from(value: i64) -> Self {
        Int64::new(value)
    }
}

impl From<Int64> for i64 {
    fn from(value: Int64) -> Self {
        value.value
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            serializer.collect_str(&self.value)
        } else {
            serializer.serialize_i64(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Int64Visitor;
        impl Visitor<'_> for Int64Visitor {
            type Value = Int64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 64-bit integer as a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int64, E> {
                Ok(Int64::new(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int64, E> {
                i64::try_from(v)
                    .map(Int64::new)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int64, E> {
                let value = v
                    .trim()
                    .parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))?;
                Ok(Int64 {
                    value,
                    quoted: true,
                })
            }
        }
        deserializer.deserialize_any(Int64Visitor)
    }
}

/// An `Edm.Decimal`, kept as the decimal text Graph sent (no rounding),
/// read from a JSON number or a string and written back in the same form.
///
/// Without serde_json's `arbitrary_precision` feature a JSON number passes
/// through `f64` on the way in; a string keeps every digit.
///
/// ```
/// use graph_runtime::wire::Decimal;
/// let d: Decimal = serde_json::from_str(r#""12345678901234567890.25""#).unwrap();
/// assert_eq!(d.as_str(), "12345678901234567890.25");
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#""12345678901234567890.25""#);
/// let n: Decimal = serde_json::from_str("1.5").unwrap();
/// assert_eq!(n.to_f64(), Some(1.5));
/// assert_eq!(serde_json::to_string(&n).unwrap(), "1.5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
    quoted: bool,
}

impl Decimal {
    /// A decimal from its text (`"12.50"`), written as a JSON number if the
    /// text is one, else as a string.
    pub fn new(text: impl Into<String>) -> Self {
        Decimal {
            text: text.into(),
            quoted: false,
        }
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as `f64` (rounded), if the text is a number.
    pub fn to_f64(&self) -> Option<f64> {
        self.text.trim().parse().ok()
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.quoted {
            if let Ok(number) = self.text.parse::<serde_json::Number>() {
                return number.serialize(serializer);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(number) => Ok(Decimal::new(number.to_string())),
            serde_json::Value::String(text) if text.trim().parse::<f64>().is_ok() => {
                Ok(Decimal { text, quoted: true })
            }
            other => Err(de::Error::invalid_value(
                de::Unexpected::Other(&other.to_string()),
                &"a decimal as a number or a string",
            )),
        }
    }
}

/// An `Edm.Double` (or `Edm.Single`): a JSON number, or one of the strings
/// `"NaN"`, `"INF"`, `"-INF"` (also a numeric string); written as a number
/// when finite, else as OData's string.
///
/// ```
/// use graph_runtime::wire::Double;
/// let v: Vec<Double> = serde_json::from_str(r#"[1.5, "NaN", "INF", "-INF", "2"]"#).unwrap();
/// assert!(v[1].get().is_nan());
/// assert_eq!(v[2].get(), f64::INFINITY);
/// assert_eq!(serde_json::to_string(&v).unwrap(), r#"[1.5,"NaN","INF","-INF",2.0]"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Double(pub f64);

impl Double {
    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl From<f64> for Double {
    fn from(value: f64) -> Self {
        Double(value)
    }
}

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        if value.is_nan() {
            serializer.serialize_str("NaN")
        } else if value == f64::INFINITY {
            serializer.serialize_str("INF")
        } else if value == f64::NEG_INFINITY {
            serializer.serialize_str("-INF")
        } else {
            serializer.serialize_f64(value)
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DoubleVisitor;
        impl Visitor<'_> for DoubleVisitor {
            type Value = Double;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or one of \"NaN\", \"INF\", \"-INF\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Double, E> {
                Ok(Double(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Double, E> {
                match v.trim() {
                    "NaN" => Ok(Double(f64::NAN)),
                    "INF" | "Infinity" => Ok(Double(f64::INFINITY)),
                    "-INF" | "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
                    // Only plain decimal text: Rust's parser would also take "inf" or "nan".
                    text if text
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
                    {
                        text.parse()
                            .map(Double)
                            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(DoubleVisitor)
    }
}

/// Decodes and encodes padded or unpadded base64 of one alphabet.
fn engine(url_safe: bool) -> GeneralPurpose {
    let alphabet = if url_safe {
        &alphabet::URL_SAFE
    } else {
        &alphabet::STANDARD
    };
    let config = GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config)
}

/// An `Edm.Binary` value: bytes sent as base64 text. Reads the standard
/// (`+/`) and the URL-safe (`-_`) alphabet, with or without padding, and
/// writes back the alphabet it read (standard, padded, when made in code).
///
/// ```
/// use graph_runtime::wire::Base64Bytes;
/// let std: Base64Bytes = serde_json::from_str(r#""+/8=""#).unwrap();
/// let url: Base64Bytes = serde_json::from_str(r#""-_8""#).unwrap();
/// assert_eq!(std.as_bytes(), &[0xfb, 0xff]);
/// assert_eq!(url.as_bytes(), std.as_bytes());
/// assert_eq!(serde_json::to_string(&Base64Bytes::from(b"hi".to_vec())).unwrap(), r#""aGk=""#);
/// assert_eq!(serde_json::to_string(&url).unwrap(), r#""-_8=""#);
/// ```
#[derive(Debug, Clone, Eq, Default)]
pub struct Base64Bytes {
    bytes: Vec<u8>,
    url_safe: bool,
}

impl Base64Bytes {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The decoded bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Parses base64 text of either alphabet, padded or not.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let url_safe = text.contains(['-', '_']);
        let bytes = engine(url_safe).decode(text.trim())?;
        Ok(Base64Bytes { bytes, url_safe })
    }

    /// The base64 text (padded, in the alphabet it was read with).
    pub fn encode(&self) -> String {
        engine(self.url_safe).encode(&self.bytes)
    }
}

/// Equal bytes are equal whatever alphabet they were written in.
impl PartialEq for Base64Bytes {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl std::hash::Hash for Base64Bytes {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes {
            bytes,
            url_safe: false,
        }
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Base64Bytes::decode(&text)
            .map_err(|err| de::Error::custom(format!("invalid base64: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn int64_rejects_what_is_not_an_integer() {
        for bad in [
            json!("12x"),
            json!(1.5),
            json!(u64::MAX),
            json!(true),
            json!(""),
        ] {
            assert!(
                serde_json::from_value::<Int64>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            serde_json::from_value::<Int64>(json!(" -7 "))
                .unwrap()
                .get(),
            -7
        );
        let quoted: Int64 = serde_json::from_value(json!("42")).unwrap();
        assert!(quoted.is_quoted());
        assert_eq!(quoted, Int64::new(42));
    }

    #[test]
    fn decimal_keeps_its_text_and_form() {
        let d: Decimal = serde_json::from_value(json!("0.10")).unwrap();
        assert_eq!(d.as_str(), "0.10");
        assert_eq!(serde_json::to_value(&d).unwrap(), json!("0.10"));
        assert!(serde_json::from_value::<Decimal>(json!("ten")).is_err());
        assert!(serde_json::from_value::<Decimal>(json!(null)).is_err());
        assert_eq!(
            serde_json::to_value(Decimal::new("3.25")).unwrap(),
            json!(3.25)
        );
    }

    #[test]
    fn double_takes_only_odata_spellings_of_non_finite_values() {
        for bad in ["inf", "nan", "infinity", "1.5x", ""] {
            assert!(
                serde_json::from_value::<Double>(json!(bad)).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            serde_json::from_value::<Double>(json!("-INF"))
                .unwrap()
                .get(),
            f64::NEG_INFINITY
        );
        assert_eq!(
            serde_json::to_value(Double(f64::NAN)).unwrap(),
            json!("NaN")
        );
        assert_eq!(serde_json::to_value(Double(2.5)).unwrap(), json!(2.5));
    }

    #[test]
    fn base64_accepts_both_alphabets_and_rejects_garbage() {
        let padded: Base64Bytes = serde_json::from_value(json!("aGk=")).unwrap();
        let unpadded: Base64Bytes = serde_json::from_value(json!("aGk")).unwrap();
        assert_eq!(padded.as_bytes(), b"hi");
        assert_eq!(padded, unpadded);
        assert_eq!(unpadded.encode(), "aGk=");
        assert!(Base64Bytes::decode("a*b=").is_err());
        assert!(Base64Bytes::decode("+-").is_err());
        assert!(serde_json::from_value::<Base64Bytes>(json!(5)).is_err());
    }
}
