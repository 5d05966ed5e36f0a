//! Serde helpers for dashboards written by many Grafana versions and by hand: a field of the
//! wrong shape becomes its default, a list element of the wrong shape is skipped, and scalars
//! that should be text may arrive as numbers or booleans.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Any field: its value when it has the expected shape, else the default.
pub fn field<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    let v = Value::deserialize(d)?;
    Ok(T::deserialize(v).unwrap_or_default())
}

/// A list: the elements that have the expected shape (a non-list is an empty list).
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|i| T::deserialize(i).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// Text that Grafana may have stored as a number or boolean.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(scalar(&Value::deserialize(d)?)))
    }
}

impl Text {
    pub fn get(&self) -> Option<String> {
        self.0.clone()
    }
    pub fn non_empty(&self) -> Option<String> {
        self.0.clone().filter(|s| !s.is_empty())
    }
}

/// One text or a list of them (a multi-value variable's `current.value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts(pub Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Texts(match Value::deserialize(d)? {
            Value::Array(a) => a.iter().filter_map(scalar).collect(),
            other => scalar(&other).into_iter().collect(),
        }))
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A data source reference: `{type, uid}`, or the name alone as dashboards before Grafana 8.3
/// stored it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DsRef {
    pub uid: Option<String>,
}

impl<'de> Deserialize<'de> for DsRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(name) => DsRef { uid: Some(name) },
            Value::Object(m) => DsRef {
                uid: m.get("uid").and_then(scalar),
            },
            _ => DsRef::default(),
        })
    }
}

impl DsRef {
    pub fn is_dashboard(&self) -> bool {
        self.uid.as_deref() == Some(super::DASHBOARD_DATASOURCE)
    }
}
