//! The primitive (Edm) types a `Type` cell can name, and the one place that maps the
//! many spellings the docs use (`String`, `string`, `Edm.String`, `String (url)`, `GUID`,
//! `dateTimeOffset`, `int`, …) onto them.

use serde::{Deserialize, Serialize};

/// A primitive type of the Graph data model (OData `Edm.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    /// `Edm.Stream`: content addressed by its own URL; in JSON only as an opaque value.
    Stream,
    /// `Json` / `Edm.Untyped`: any JSON value.
    Json,
}

impl Primitive {
    /// The primitive a type name denotes, in any of its documented spellings; `None` for
    /// names that are not primitives (resources, enums, prose).
    ///
    /// Accepts an `Edm.` prefix, any letter case, and a trailing parenthesised remark
    /// (`String (timestamp)`, `string (url)`); a `microsoft.graph.` prefix is not a
    /// primitive (`microsoft.graph.Json` is a documented complex type).
    pub fn parse(name: &str) -> Option<Primitive> {
        let s = name.trim().trim_matches('`').trim();
        let s = s.split(" (").next().unwrap_or(s).trim();
        let s = s
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("edm."))
            .map_or(s, |_| &s[4..]);
        let lower = s.to_ascii_lowercase();
        Some(match lower.as_str() {
            "string" | "str" | "text" | "url" | "uri" => Primitive::String,
            "boolean" | "bool" => Primitive::Boolean,
            "byte" => Primitive::Byte,
            "sbyte" => Primitive::SByte,
            "int16" | "short" => Primitive::Int16,
            "int32" | "int" | "integer" => Primitive::Int32,
            "int64" | "long" => Primitive::Int64,
            "single" | "float" => Primitive::Single,
            "double" | "number" => Primitive::Double,
            "decimal" => Primitive::Decimal,
            "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" | "time" => Primitive::TimeOfDay,
            "duration" | "timespan" => Primitive::Duration,
            "guid" | "uuid" => Primitive::Guid,
            "binary" | "base64" => Primitive::Binary,
            "stream" => Primitive::Stream,
            "json" | "untyped" => Primitive::Json,
            _ => return None,
        })
    }

    /// The canonical Edm name (`Edm.DateTimeOffset`).
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Byte => "Edm.Byte",
            Primitive::SByte => "Edm.SByte",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Single => "Edm.Single",
            Primitive::Double => "Edm.Double",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Json => "Edm.Untyped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Primitive::{self, *};

    #[test]
    fn spellings() {
        for (s, p) in [
            ("String", String),
            ("string", String),
            ("Edm.String", String),
            ("String (timestamp)", String),
            ("string (url)", String),
            ("`Boolean`", Boolean),
            ("boolean", Boolean),
            ("Int32", Int32),
            ("int", Int32),
            ("Integer", Int32),
            ("Edm.Int32", Int32),
            ("Int64", Int64),
            ("DateTimeOffset", DateTimeOffset),
            ("dateTimeOffset", DateTimeOffset),
            ("DateTime", DateTimeOffset),
            ("Edm.DateTimeOffset", DateTimeOffset),
            ("Date", Date),
            ("TimeOfDay", TimeOfDay),
            ("Duration", Duration),
            ("GUID", Guid),
            ("Guid", Guid),
            ("Edm.Binary", Binary),
            ("Double", Double),
            ("double", Double),
            ("Single", Single),
            ("Json", Json),
            ("Stream", Stream),
        ] {
            assert_eq!(Primitive::parse(s), Some(p), "{s}");
        }
        for s in ["recipient", "microsoft.graph.Json", "riskLevel", "", "Edm."] {
            assert_eq!(Primitive::parse(s), None, "{s}");
        }
    }
}
