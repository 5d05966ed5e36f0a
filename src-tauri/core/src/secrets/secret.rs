use std::fmt;

/// A token or password. `Debug` and `Display` never print it; only `expose` does, at the one
/// place that puts it on the wire or into the keyring.
/// It can arrive over IPC (the Connections form), so it deserialises from a plain string.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::new("glsa_supersecret_1234");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(s.expose(), "glsa_supersecret_1234");
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            token: Secret,
        }
        assert!(!format!("{:?}", Holder { token: s }).contains("supersecret"));
        let from_json: Secret = serde_json::from_str("\"glsa_from_ipc\"").unwrap();
        assert_eq!(
            (from_json.expose(), format!("{from_json:?}").as_str()),
            ("glsa_from_ipc", "Secret(<redacted>)")
        );
    }
}
