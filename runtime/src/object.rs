//! Reading and writing a typed model as a JSON object, property by property:
//! [`Reader`] and [`Writer`], which the generated `Serialize` impls and `read_fields` fns
//! call once per property.
//!
//! A property's read or write is a plain method call that cannot fail on the spot: the
//! first error is kept and returned at the end (by [`Reader::read`] or `finish`), naming
//! its property. Generated code thus has no `?` (a match, a `From` conversion and a
//! branch) per property, which halves what rustc type-checks and borrow-checks for ~1,600
//! types with ~10 properties each. A model's `Deserialize` is one call of
//! [`Reader::read`] with its plain `read_fields` fn, so the only code generic over the
//! deserializer is here, and the per-property code is compiled once per model, not once
//! per deserializer.

use serde::de::{self, DeserializeOwned};
use serde::{ser, Deserialize, Serialize};

/// A JSON object as the generated structs read and write it.
pub type Object = serde_json::Map<String, serde_json::Value>;

/// Takes properties out of a JSON object being read into a typed model; what is left
/// is the model's `additional_properties`.
#[derive(Debug)]
pub struct Reader {
    object: Object,
    error: Option<String>,
}

impl Reader {
    /// Starts reading `object`.
    pub fn new(object: Object) -> Self {
        Reader {
            object,
            error: None,
        }
    }

    /// Reads the JSON object a model is deserialized from.
    pub fn deserialize<'de, D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Object::deserialize(d).map(Reader::new)
    }

    /// A property that may be absent or `null`: absent → `None`, `null` → `Some(None)`,
    /// a value → `Some(Some(v))`. A value that does not read as `T` is an error (kept
    /// for [`finish`](Self::finish)) and reads as `None`.
    pub fn field<T: DeserializeOwned>(&mut self, key: &str) -> Option<Option<T>> {
        match self.object.remove(key)? {
            serde_json::Value::Null => Some(None),
            value => match serde_json::from_value(value) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    self.fail(format!("property {key:?}: {e}"));
                    None
                }
            },
        }
    }

    /// An optional property that cannot be `null` (a request body's optional parameter):
    /// absent → `None`; `null` is an error naming it, so that a body read from JSON
    /// writes back the same JSON.
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        match self.field(key) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                self.fail(format!(
                    "property {key:?}: null is not a value of this parameter (leave it out)"
                ));
                None
            }
            None => None,
        }
    }

    /// A required property (a request body's required parameter): absent or `null` is
    /// an error naming it, returned at once since there is no value to fill in.
    pub fn required<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, serde_json::Error> {
        match self.field(key) {
            Some(Some(v)) => Ok(v),
            Some(None) => Err(de::Error::custom(format!(
                "property {key:?}: required, found null"
            ))),
            None => {
                Err(de::Error::custom(self.error.take().unwrap_or_else(|| {
                    format!("missing required property {key:?}")
                })))
            }
        }
    }

    /// Reads a typed model from `d`: the JSON object, then `fields`, which takes the
    /// model's properties (the generated `read_fields`), then the first error met.
    ///
    /// The generated `Deserialize` impls are this one call: what they do per property
    /// is in `fields`, a plain fn, so rustc checks no `?` on the deserializer's error
    /// type per model and compiles the properties' reads once per model, not once per
    /// deserializer.
    pub fn read<'de, D, T>(
        d: D,
        fields: fn(&mut Reader) -> Result<T, serde_json::Error>,
    ) -> Result<T, D::Error>
    where
        D: de::Deserializer<'de>,
    {
        let mut r = Reader::deserialize(d)?;
        let model = fields(&mut r).map_err(de::Error::custom)?;
        r.finish::<D::Error>().map(|_| model)
    }

    /// The properties not taken yet (a model's `additional_properties`), leaving none.
    pub fn rest(&mut self) -> Object {
        std::mem::take(&mut self.object)
    }

    /// The properties not taken, or the first error met.
    pub fn finish<E: de::Error>(self) -> Result<Object, E> {
        match self.error {
            Some(message) => Err(E::custom(message)),
            None => Ok(self.object),
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }
}

/// Puts the properties of a typed model into a JSON object, after its
/// `additional_properties`.
#[derive(Debug)]
pub struct Writer {
    object: Object,
    error: Option<String>,
}

impl Writer {
    /// Starts from `object` (the model's `additional_properties`).
    pub fn new(object: Object) -> Self {
        Writer {
            object,
            error: None,
        }
    }

    /// A property that may be absent or `null`: `None` leaves it out, `Some(None)`
    /// writes `null`.
    pub fn field<T: Serialize>(&mut self, key: &str, value: &Option<Option<T>>) {
        match value {
            None => {}
            Some(None) => {
                self.object.insert(key.to_owned(), serde_json::Value::Null);
            }
            Some(Some(v)) => self.value(key, v),
        }
    }

    /// A property that is left out when `None` (never `null`).
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.value(key, v);
        }
    }

    /// A property that is always written.
    pub fn value<T: Serialize>(&mut self, key: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(v) => {
                self.object.insert(key.to_owned(), v);
            }
            Err(e) => {
                self.error.get_or_insert(format!("property {key:?}: {e}"));
            }
        }
    }

    /// Serializes the object, or fails with the first error met.
    pub fn serialize<S: ser::Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        self.finish::<S::Error>()?.serialize(s)
    }

    /// The object, or the first error met.
    pub fn finish<E: ser::Error>(self) -> Result<Object, E> {
        match self.error {
            Some(message) => Err(E::custom(message)),
            None => Ok(self.object),
        }
    }
}

/// `Debug` of a typed model: its name and the JSON object it serializes to (the
/// properties that are set, by wire name in `serde_json`'s key order, values as compact
/// JSON), e.g. `Message {"isRead": false, "subject": "Hi"}`.
///
/// The generated models call this from an `#[inline]` `Debug::fmt` instead of deriving
/// `Debug`: a derived `fmt` lists every field (`None` for the ~30 a model usually leaves
/// unset) and is compiled into the SDK crate for each of its ~1,900 structs, used or not;
/// this is compiled only for the types a program prints.
pub fn debug_model<T: Serialize>(
    f: &mut std::fmt::Formatter<'_>,
    name: &str,
    model: &T,
) -> std::fmt::Result {
    /// A JSON value shown as compact JSON.
    struct Json<'a>(&'a serde_json::Value);
    impl std::fmt::Debug for Json<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(self.0, f)
        }
    }
    f.write_str(name)?;
    f.write_str(" ")?;
    match serde_json::to_value(model) {
        Ok(serde_json::Value::Object(m)) => f
            .debug_map()
            .entries(m.iter().map(|(k, v)| (k, Json(v))))
            .finish(),
        Ok(other) => std::fmt::Display::fmt(&other, f),
        Err(e) => write!(f, "<not serializable: {e}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> Object {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn absent_null_and_set_stay_apart() {
        let mut r = Reader::new(object(r#"{"a": 1, "b": null, "extra": true}"#));
        assert_eq!(r.field::<i32>("a"), Some(Some(1)));
        assert_eq!(r.field::<i32>("b"), Some(None));
        assert_eq!(r.field::<i32>("c"), None);
        let rest = r.finish::<serde_json::Error>().unwrap();
        assert_eq!(rest, object(r#"{"extra": true}"#));
    }

    #[test]
    fn the_first_bad_property_is_the_error() {
        let mut r = Reader::new(object(r#"{"a": "x", "b": "y", "c": 3}"#));
        assert_eq!(r.field::<i32>("a"), None);
        assert_eq!(r.field::<i32>("b"), None);
        assert_eq!(r.field::<i32>("c"), Some(Some(3)));
        let err = r.finish::<serde_json::Error>().unwrap_err().to_string();
        assert!(err.contains("property \"a\""), "{err}");
    }

    #[test]
    fn required_and_optional_parameters() {
        let m = object(r#"{"a": 1, "b": null, "c": 2}"#);
        let mut r = Reader::new(m.clone());
        let a: i32 = r.required::<i32>("a").unwrap();
        assert_eq!(a, 1);
        let missing = r.required::<i32>("x").unwrap_err();
        assert!(missing.to_string().contains("\"x\""), "{missing}");
        assert_eq!(r.optional::<i32>("c"), Some(2));
        assert_eq!(r.optional::<i32>("x"), None);
        assert!(r.finish::<serde_json::Error>().is_ok());
        assert!(Reader::new(m.clone()).required::<i32>("b").is_err());
        let mut r = Reader::new(m);
        assert_eq!(r.optional::<i32>("b"), None);
        assert!(r.finish::<serde_json::Error>().is_err());
    }

    /// A model as the generated `read_fields` reads it: one required and one optional
    /// property, the rest kept.
    #[derive(Debug, PartialEq)]
    struct Model {
        a: i32,
        b: Option<Option<String>>,
        rest: Object,
    }

    fn read_model(r: &mut Reader) -> Result<Model, serde_json::Error> {
        Ok(Model {
            a: r.required("a")?,
            b: r.field("b"),
            rest: r.rest(),
        })
    }

    #[test]
    fn read_runs_the_fields_then_reports_the_first_error() {
        let value = serde_json::json!({"a": 1, "b": "x", "extra": [1]});
        let model = Reader::read(value, read_model).unwrap();
        assert_eq!(
            model,
            Model {
                a: 1,
                b: Some(Some("x".to_owned())),
                rest: object(r#"{"extra": [1]}"#),
            }
        );
        // a property that does not read as its type: the error names it
        let err = Reader::read(serde_json::json!({"a": 1, "b": 2}), read_model).unwrap_err();
        assert!(err.to_string().contains("property \"b\""), "{err}");
        // `fields` failing (a required property missing) is the error
        let err = Reader::read(serde_json::json!({"b": null}), read_model).unwrap_err();
        assert!(err.to_string().contains("\"a\""), "{err}");
        // not an object at all
        assert!(Reader::read(serde_json::json!([1]), read_model).is_err());
    }

    #[test]
    fn writes_follow_the_additional_properties() {
        let mut w = Writer::new(object(r#"{"extra": true}"#));
        w.field::<i32>("a", &Some(None));
        w.field("b", &Some(Some(2)));
        w.field::<i32>("c", &None);
        w.optional("d", &Some("x"));
        w.optional::<i32>("e", &None);
        w.value("f", &[1, 2]);
        let m = w.finish::<serde_json::Error>().unwrap();
        assert_eq!(
            m,
            object(r#"{"extra": true, "a": null, "b": 2, "d": "x", "f": [1, 2]}"#)
        );
    }

    #[test]
    fn debug_shows_the_set_properties_as_json() {
        struct Model(Object);
        impl Serialize for Model {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }
        struct Show(Model);
        impl std::fmt::Debug for Show {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                debug_model(f, "Message", &self.0)
            }
        }
        let one = Show(Model(object(r#"{"subject": "Hi"}"#)));
        assert_eq!(format!("{one:?}"), r#"Message {"subject": "Hi"}"#);
        let pretty = format!("{one:#?}");
        assert_eq!(pretty, "Message {\n    \"subject\": \"Hi\",\n}", "{pretty}");
        // the key order is the object's own (sorted, or as inserted with serde_json's
        // `preserve_order` feature, which another crate of a build may turn on)
        let m = object(r#"{"subject": "Hi", "isRead": false, "cc": [{"a": null}]}"#);
        let entries: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
        let expected = format!("Message {{{}}}", entries.join(", "));
        assert_eq!(format!("{:?}", Show(Model(m))), expected);
        assert!(expected.contains(r#""cc": [{"a":null}]"#), "{expected}");
    }
}
