//! [`Nullable`]: a property that can be absent, `null`, or set.
//!
//! Graph treats the three differently: an update (`PATCH`) changes only the
//! properties it sends, so an absent property is left alone while `null`
//! clears it; delta responses send `null` for removed values; `$select`
//! leaves unselected properties absent. `Option<T>` can only say two of
//! these. The alternative, `Option<Option<T>>` with
//! `serde_with::rust::double_option`, needs a `with` attribute on every field
//! and reads as `Some(None)`; a named three-state type keeps the generated
//! models' attributes short (`default` + `skip_serializing_if`) and the
//! intent visible in user code (`Nullable::Null`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property value that is absent, explicitly `null`, or set.
///
/// Use it with `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`:
/// an absent value is not serialized, `Null` is written as `null`.
///
/// ```
/// use graph_runtime::Nullable;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Default)]
/// struct UserUpdate {
///     #[serde(rename = "officeLocation", default, skip_serializing_if = "Nullable::is_absent")]
///     office_location: Nullable<String>,
///     #[serde(rename = "jobTitle", default, skip_serializing_if = "Nullable::is_absent")]
///     job_title: Nullable<String>,
/// }
///
/// let update = UserUpdate { office_location: Nullable::Null, ..Default::default() };
/// assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"officeLocation":null}"#);
///
/// let read: UserUpdate = serde_json::from_str(r#"{"jobTitle":"Dev","officeLocation":null}"#).unwrap();
/// assert_eq!(read.job_title, Nullable::Value("Dev".to_string()));
/// assert!(read.office_location.is_null());
/// let read: UserUpdate = serde_json::from_str("{}").unwrap();
/// assert!(read.office_location.is_absent());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Nullable<T> {
    /// Not present in the JSON object; not serialized.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for [`Nullable::Absent`].
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if set.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if set (absent and `null` both give `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// A reference to the value inside.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Applies `f` to a set value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null` (present and cleared), never `Absent`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached without `skip_serializing_if`: the closest JSON is `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Called only for a present key (absent keys take `Default`, which
    /// needs `#[serde(default)]`): `null` gives `Null`, anything else `Value`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        a: Nullable<Vec<u32>>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        b: Nullable<u32>,
    }

    #[test]
    fn three_states_round_trip() {
        for text in [
            json!({}),
            json!({"a": null}),
            json!({"a": [1], "b": 2}),
            json!({"b": null}),
        ] {
            let body: Body = serde_json::from_value(text.clone()).unwrap();
            assert_eq!(serde_json::to_value(&body).unwrap(), text);
        }
        let body: Body = serde_json::from_value(json!({"a": null})).unwrap();
        assert_eq!(
            body,
            Body {
                a: Nullable::Null,
                b: Nullable::Absent
            }
        );
        assert!(serde_json::from_value::<Body>(json!({"b": "x"})).is_err());
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<u8>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(2).map(|v| v * 2).into_option(), Some(4));
        assert_eq!(Nullable::<u8>::Null.into_option(), None);
        assert_eq!(Nullable::Value(1).as_ref().value(), Some(&&1));
    }
}
