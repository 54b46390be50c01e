//! What the generated types do with a documented JSON body, worked out at generation
//! time: whether the body reads into the documented type at all (the first value that
//! cannot be read), and which values read but are written back differently (a Double
//! sent as a string comes back as a number, non-canonical base64 is re-encoded, a page
//! without `value` comes back with an empty one, a `null` link is dropped). The example
//! tests assert exactly these findings, so this module mirrors the runtime's `wire` forms
//! and the generated `Serialize`/`Deserialize` and `Any<Base>` dispatch; when one changes,
//! this must change with it (the example tests fail otherwise).

use crate::types::{Catalogue, FieldType, Primitive, Resolved};
use serde_json::Value;

/// One documented value the types cannot keep as documented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer of the value (empty for the whole body).
    pub pointer: String,
    /// The documented type at that place.
    pub documented_type: String,
    /// What the body has there (`string`, `no value`, ...).
    pub found: String,
}

/// What reading a body into a type does with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The first value that cannot be read: the whole read fails.
    pub unreadable: Option<Finding>,
    /// Values that read but are written back differently, sorted by pointer.
    pub rewritten: Vec<Finding>,
}

/// Reads `body` as the generated type of `r` would (a page for collections).
pub fn read_body(cat: &Catalogue, r: &Resolved, body: &Value) -> Reading {
    let mut w = Walk {
        cat,
        reading: Reading::default(),
        number_spelling: false,
    };
    if r.collection {
        w.page(&r.ty, body);
    } else {
        w.value(&r.ty, body, "");
    }
    w.reading
        .rewritten
        .sort_by(|a, b| a.pointer.cmp(&b.pointer));
    w.reading
}

/// Whether `v` reads into `ty` (no page around it); the first value that does not as
/// `(pointer, documented type, found)`.
pub fn check(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
) -> Result<(), (String, String, String)> {
    check_value(cat, ty, v, at, false)
}

/// [`check`], and also whether `v` writes back as the same JSON text would be compared on
/// the wire (a request body built from a documented example must send that example, so
/// here `47.0` for a Double, which goes back as `47`, counts too).
pub fn check_exact(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
) -> Result<(), (String, String, String)> {
    check_value(cat, ty, v, at, true)
}

fn check_value(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
    exact: bool,
) -> Result<(), (String, String, String)> {
    let mut w = Walk {
        cat,
        reading: Reading::default(),
        number_spelling: exact,
    };
    w.value(ty, v, at);
    if let Some(f) = w.reading.unreadable {
        return Err((f.pointer, f.documented_type, f.found));
    }
    match w.reading.rewritten.into_iter().next() {
        Some(f) if exact => Err((
            f.pointer,
            f.documented_type,
            format!("{} (written back differently)", f.found),
        )),
        _ => Ok(()),
    }
}

/// Whether a value of `ty` can be JSON `null` itself (untyped JSON).
pub fn holds_null(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::Json | FieldType::Primitive(Primitive::Json | Primitive::Stream)
    )
}

/// The JSON kind of a value, as findings name it.
pub fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
    .to_owned()
}

/// A JSON pointer one key below `at`.
fn below(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

struct Walk<'c> {
    cat: &'c Catalogue,
    reading: Reading,
    /// Count a number written back with another spelling (`47.0` → `47`) as rewritten.
    number_spelling: bool,
}

impl Walk<'_> {
    fn unreadable(&mut self, at: &str, documented: &str, found: String) {
        if self.reading.unreadable.is_none() {
            self.reading.unreadable = Some(Finding {
                pointer: at.to_owned(),
                documented_type: documented.to_owned(),
                found,
            });
        }
    }

    fn rewritten(&mut self, at: &str, documented: &str, found: String) {
        self.reading.rewritten.push(Finding {
            pointer: at.to_owned(),
            documented_type: documented.to_owned(),
            found,
        });
    }

    /// A `Page<T>`: `value` (absent reads as empty and is written as `[]`), the links
    /// (`null` reads as absent and is dropped), `@odata.count` (a string is written back
    /// as a number), everything else kept.
    fn page(&mut self, ty: &FieldType, body: &Value) {
        let Value::Object(m) = body else {
            return self.unreadable("", "page object", kind(body));
        };
        match m.get("value") {
            None => self.rewritten("/value", "array", "no value".into()),
            Some(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.item(ty, v, &format!("/value/{i}"));
                }
            }
            Some(v) => self.unreadable("/value", "array", kind(v)),
        }
        for link in ["@odata.nextLink", "@odata.deltaLink"] {
            match m.get(link) {
                None | Some(Value::String(_)) => {}
                Some(Value::Null) => self.rewritten(&below("", link), "string", "null".into()),
                Some(v) => self.unreadable(&below("", link), "string", kind(v)),
            }
        }
        match m.get("@odata.count") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.is_i64() => {}
            Some(Value::String(s)) if s.parse::<i64>().is_ok() => {
                self.rewritten("/@odata.count", "Int64", "string".into())
            }
            Some(v) => self.unreadable("/@odata.count", "Int64", kind(v)),
        }
    }

    /// An item of a collection: `null` reads only into untyped JSON.
    fn item(&mut self, ty: &FieldType, v: &Value, at: &str) {
        if v.is_null() && !holds_null(ty) {
            return self.unreadable(at, &type_name(ty), "null".into());
        }
        self.value(ty, v, at)
    }

    /// A property value (`null` reads as "set to null" and is written back).
    fn value(&mut self, ty: &FieldType, v: &Value, at: &str) {
        if v.is_null() {
            return;
        }
        match ty {
            FieldType::Json | FieldType::Primitive(Primitive::Stream | Primitive::Json) => {}
            FieldType::Enum(name) => self.enumeration(name, v, at),
            FieldType::Primitive(p) => self.primitive(*p, v, at),
            FieldType::Complex(full) => self.object(full, v, at),
        }
    }

    fn enumeration(&mut self, name: &str, v: &Value, at: &str) {
        let flags = self.cat.enums.get(name).is_some_and(|e| e.flags);
        match v {
            Value::String(s) if flags => {
                let parts: Vec<&str> = s
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                if parts.join(",") != *s {
                    self.rewritten(at, name, "members not joined by a bare `,`".into());
                }
            }
            Value::String(_) => {}
            Value::Number(_) if !flags => self.rewritten(at, name, "number".into()),
            other => self.unreadable(at, name, kind(other)),
        }
    }

    fn primitive(&mut self, p: Primitive, v: &Value, at: &str) {
        let doc = format!("{p:?}");
        let in_range = |lo: i64, hi: i64| v.as_i64().is_some_and(|n| (lo..=hi).contains(&n));
        let readable = match p {
            Primitive::Boolean => v.is_boolean(),
            Primitive::Byte => in_range(0, u8::MAX.into()),
            Primitive::SByte => in_range(i8::MIN.into(), i8::MAX.into()),
            Primitive::Int16 => in_range(i16::MIN.into(), i16::MAX.into()),
            Primitive::Int32 => in_range(i32::MIN.into(), i32::MAX.into()),
            Primitive::Int64 => match v {
                Value::Number(n) => n.is_i64(),
                Value::String(s) => match s.trim().parse::<i64>() {
                    Ok(n) => {
                        if n.to_string() != *s {
                            self.rewritten(at, &doc, "Int64 text not in canonical form".into());
                        }
                        true
                    }
                    Err(_) => false,
                },
                _ => false,
            },
            Primitive::Decimal => v.is_number() || v.is_string(),
            Primitive::Single | Primitive::Double => match v {
                Value::Number(n) => {
                    let integral = n
                        .as_f64()
                        .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15);
                    if self.number_spelling && n.is_f64() && integral {
                        self.rewritten(at, &doc, "number with a fraction part of zero".into());
                    }
                    true
                }
                Value::String(s) => match s.trim() {
                    "NaN" | "INF" | "-INF" if s.trim() == s => true,
                    "NaN" | "INF" | "Infinity" | "-INF" | "-Infinity" => {
                        self.rewritten(at, &doc, "string".into());
                        true
                    }
                    t if t.parse::<f64>().is_ok() => {
                        self.rewritten(at, &doc, "string".into());
                        true
                    }
                    _ => false,
                },
                _ => false,
            },
            Primitive::Binary => match v.as_str() {
                Some(text) => match decode_base64(text) {
                    Some(bytes) => {
                        use base64::Engine as _;
                        if base64::engine::general_purpose::STANDARD.encode(bytes) != text {
                            self.rewritten(at, &doc, "base64 not in canonical form".into());
                        }
                        true
                    }
                    None => false,
                },
                None => false,
            },
            _ => v.is_string(),
        };
        if !readable {
            self.unreadable(at, &doc, kind(v));
        }
    }

    fn object(&mut self, full: &str, v: &Value, at: &str) {
        let Value::Object(m) = v else {
            return self.unreadable(at, full, kind(v));
        };
        match m.get("@odata.type") {
            None | Some(Value::String(_)) => {}
            Some(Value::Null) => self.rewritten(&below(at, "@odata.type"), "String", "null".into()),
            Some(other) => self.unreadable(&below(at, "@odata.type"), "String", kind(other)),
        }
        let cat = self.cat;
        let actual = dispatch(cat, full, m.get("@odata.type"));
        // the fields the generated struct reads: its own and its bases'
        let fields = cat.all_fields(&actual);
        for (k, val) in m {
            let Some(f) = fields.iter().find(|f| &f.json_name == k) else {
                continue;
            };
            let at = below(at, k);
            if !f.collection {
                self.value(&f.ty, val, &at);
                continue;
            }
            match val {
                Value::Null => {}
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.item(&f.ty, item, &format!("{at}/{i}"));
                    }
                }
                other => self.unreadable(&at, &f.documented_type, kind(other)),
            }
        }
    }
}

/// The type an `Any<Base>` reads: the descendant whose full name is the tag (with or
/// without `#`), else the base.
fn dispatch(cat: &Catalogue, full: &str, tag: Option<&Value>) -> String {
    let tag = tag
        .and_then(Value::as_str)
        .map(|t| t.strip_prefix('#').unwrap_or(t));
    match tag {
        Some(t) if cat.descendants(full).contains(&t) => t.to_owned(),
        _ => full.to_owned(),
    }
}

/// The name of a field type in findings.
pub fn type_name(ty: &FieldType) -> String {
    match ty {
        FieldType::Complex(n) | FieldType::Enum(n) => n.clone(),
        FieldType::Primitive(p) => format!("{p:?}"),
        FieldType::Json => "JSON".into(),
    }
}

/// The bytes the runtime's `Binary` reads from `text`: standard or (when it has `-`/`_`)
/// URL-safe alphabet, padding optional, surrounding whitespace ignored.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine as _;
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let text = text.trim();
    let alphabet = if text.contains(['-', '_']) {
        &base64::alphabet::URL_SAFE
    } else {
        &base64::alphabet::STANDARD
    };
    GeneralPurpose::new(alphabet, config).decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_page;
    use serde_json::json;

    fn resource(stem: &str, annotation: &str, rows: &str) -> crate::model::Page {
        let md = format!(
            "---\ntitle: x\ndoc_type: resourcePageType\n---\n# {stem} resource type\n\nNamespace: microsoft.graph\n\nA type.\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{rows}\n## JSON representation\n\n<!-- {annotation} -->\n```json\n{{}}\n```\n"
        );
        parse_page(&format!("v1.0/resources/{stem}.md"), md.as_bytes())
    }

    fn catalogue() -> Catalogue {
        Catalogue::build(&[
            resource(
                "item",
                r#"{"blockType": "resource", "@odata.type": "microsoft.graph.item"}"#,
                "| weight | Double | W. |\n| blob | Binary | B. |\n| size | Int64 | S. |\n| flag | Boolean | F. |\n| tags | String collection | T. |\n",
            ),
            resource(
                "special",
                r#"{"blockType": "resource", "@odata.type": "microsoft.graph.special", "baseType": "microsoft.graph.item"}"#,
                "| level | Int32 | L. |\n",
            ),
        ])
    }

    fn item(collection: bool) -> Resolved {
        Resolved {
            ty: FieldType::Complex("microsoft.graph.item".into()),
            collection,
        }
    }

    fn pointers(r: &Reading) -> Vec<&str> {
        r.rewritten.iter().map(|f| f.pointer.as_str()).collect()
    }

    #[test]
    fn a_faithful_body_has_no_findings() {
        let cat = catalogue();
        let body = json!({"weight": 1.5, "blob": "AAE=", "size": "12", "flag": null, "x": [1]});
        assert_eq!(read_body(&cat, &item(false), &body), Reading::default());
    }

    #[test]
    fn values_written_back_in_another_form_are_named_by_pointer() {
        let cat = catalogue();
        let body = json!({"value": [{"weight": "0.5", "blob": "AAE", "size": " 7"}]});
        let r = read_body(&cat, &item(true), &body);
        assert_eq!(r.unreadable, None);
        assert_eq!(
            pointers(&r),
            ["/value/0/blob", "/value/0/size", "/value/0/weight"]
        );
        let no_value = read_body(&cat, &item(true), &json!({"@odata.nextLink": null}));
        assert_eq!(pointers(&no_value), ["/@odata.nextLink", "/value"]);
    }

    #[test]
    fn the_first_unreadable_value_is_reported() {
        let cat = catalogue();
        let r = read_body(
            &cat,
            &item(false),
            &json!({"flag": "Boolean", "blob": "%%"}),
        );
        let f = r.unreadable.expect("unreadable");
        // the first in document order
        assert_eq!((f.pointer.as_str(), f.found.as_str()), ("/flag", "string"));
        let r = read_body(&cat, &item(false), &json!({"blob": "%%"}));
        assert_eq!(
            r.unreadable.map(|f| f.documented_type),
            Some("Binary".into())
        );
        let nulls = read_body(&cat, &item(false), &json!({"tags": ["a", null]}));
        assert_eq!(nulls.unreadable.map(|f| f.pointer), Some("/tags/1".into()));
        let page = read_body(&cat, &item(true), &json!({"value": {"weight": 1}}));
        assert_eq!(page.unreadable.map(|f| f.pointer), Some("/value".into()));
    }

    #[test]
    fn subtypes_are_checked_with_their_own_fields() {
        let cat = catalogue();
        let tagged = json!({"@odata.type": "#microsoft.graph.special", "level": "high"});
        let r = read_body(&cat, &item(false), &tagged);
        assert_eq!(r.unreadable.map(|f| f.pointer), Some("/level".into()));
        // an unknown tag reads as the base, which keeps `level` as an unknown property
        let unknown = json!({"@odata.type": "#microsoft.graph.other", "level": "high"});
        assert_eq!(read_body(&cat, &item(false), &unknown), Reading::default());
    }
}
