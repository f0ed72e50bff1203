//! JSON objects written straight to the output with their keys in sorted
//! order, byte for byte as `serde_json::Value` writes them, without building
//! the `Value` first.
//!
//! A council-year's JSON holds tens of thousands of objects (`values_used`
//! most of all): building each as a map of owned strings and then dropping it
//! cost more than writing the text.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One value of an [`Object`].
pub(super) enum Field<'a> {
    /// A string.
    Str(&'a str),
    /// A string or `null`.
    OptStr(Option<&'a str>),
    /// A number, or `null` when absent or not finite (as `Value` has it).
    Num(Option<f64>),
    /// A whole number.
    Count(usize),
    /// `true` or `false`.
    Bool(bool),
    /// Anything small enough to build as a `Value`.
    Value(Value),
    /// A nested object.
    Object(Object<'a>),
    /// An array of objects.
    List(Vec<Object<'a>>),
    /// A string made for the occasion (a period id, a cell reference).
    Text(String),
    /// A consolidation's values used, each object made as it is written,
    /// never all held at once (a national set uses hundreds of thousands).
    ValuesUsed(&'a crate::model::Consolidation),
}

/// A JSON object whose keys are written in sorted order, as a `Value` map's are.
pub(super) struct Object<'a>(Vec<(&'static str, Field<'a>)>);

impl<'a> Object<'a> {
    /// The object of `fields`, in any order.
    pub(super) fn new(mut fields: Vec<(&'static str, Field<'a>)>) -> Object<'a> {
        fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
        debug_assert!(fields.windows(2).all(|w| w[0].0 != w[1].0), "a key twice");
        Object(fields)
    }

    /// Adds a field, keeping the keys in order.
    pub(super) fn insert(&mut self, key: &'static str, value: Field<'a>) {
        let at = self.0.partition_point(|(k, _)| *k < key);
        debug_assert!(self.0.get(at).is_none_or(|(k, _)| *k != key), "a key twice");
        self.0.insert(at, (key, value));
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Str(v) => s.serialize_str(v),
            Field::OptStr(Some(v)) => s.serialize_str(v),
            Field::OptStr(None) => s.serialize_none(),
            Field::Num(Some(v)) if v.is_finite() => s.serialize_f64(*v),
            Field::Num(_) => s.serialize_none(),
            Field::Count(v) => s.serialize_u64(*v as u64),
            Field::Bool(v) => s.serialize_bool(*v),
            Field::Value(v) => v.serialize(s),
            Field::Object(v) => v.serialize(s),
            Field::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Field::Text(v) => s.serialize_str(v),
            // Written as a `Value`'s array is, "[]" when empty.
            Field::ValuesUsed(c) => {
                let mut seq = s.serialize_seq(None)?;
                for u in c.used() {
                    seq.serialize_element(&super::used_json(u, c.calendar))?;
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_a_value_writes() {
        let mut o = Object::new(vec![
            ("zeta", Field::Num(Some(2.0))),
            ("alpha", Field::Str("a \"quoted\" <b>")),
            ("mid", Field::Num(Some(f64::NAN))),
            ("count", Field::Count(12)),
            ("none", Field::OptStr(None)),
            ("list", Field::List(vec![])),
            ("text", Field::Text("made".to_string())),
            (
                "nested",
                Field::Object(Object::new(vec![
                    ("b", Field::Bool(true)),
                    ("a", Field::Value(json!(["x"]))),
                ])),
            ),
        ]);
        o.insert("beta", Field::Num(Some(0.1 + 0.2)));
        let v = json!({
            "zeta": 2.0, "alpha": "a \"quoted\" <b>", "mid": f64::NAN, "count": 12,
            "none": null, "list": [], "text": "made", "nested": {"b": true, "a": ["x"]}, "beta": 0.1 + 0.2,
        });
        assert_eq!(
            serde_json::to_string_pretty(&o).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
