//! JSON shapes both schemas share: a variable's fields (v1 keeps them in `templating.list[]`,
//! v2 in `variables[].spec`, under the same names) and a library panel reference.

use serde::Deserialize;

use super::lenient::{self, Text, Texts};
use super::{LibraryRef, VarOption, Variable};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VariableFields {
    #[serde(default)]
    name: Text,
    #[serde(default)]
    label: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    current: Current,
    #[serde(default, deserialize_with = "lenient::list")]
    options: Vec<OptionJson>,
    #[serde(default, deserialize_with = "lenient::field")]
    multi: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    include_all: bool,
}

#[derive(Deserialize, Default)]
struct Current {
    #[serde(default)]
    value: Texts,
}

/// v2 allows a list where v1 has one text; the first one is the option.
#[derive(Deserialize, Default)]
struct OptionJson {
    #[serde(default)]
    text: Texts,
    #[serde(default)]
    value: Texts,
}

impl VariableFields {
    /// The variable, named `kind` (`query`, `custom`, …); `None` without a name.
    pub fn variable(&self, kind: String) -> Option<Variable> {
        Some(Variable {
            name: self.name.non_empty()?,
            label: self.label.non_empty(),
            kind,
            current: self.current.value.0.clone(),
            options: self
                .options
                .iter()
                .filter_map(|o| {
                    let value = o.value.0.first()?.clone();
                    Some(VarOption {
                        text: o.text.0.first().cloned().unwrap_or_else(|| value.clone()),
                        value,
                    })
                })
                .collect(),
            multi: self.multi,
            include_all: self.include_all,
        })
    }
}

#[derive(Deserialize, Default)]
pub struct LibraryJson {
    #[serde(default)]
    uid: Text,
    #[serde(default)]
    name: Text,
}

impl LibraryJson {
    pub fn reference(&self) -> Option<LibraryRef> {
        Some(LibraryRef {
            uid: self.uid.non_empty()?,
            name: self.name.get().unwrap_or_default(),
        })
    }
}
