use std::collections::HashMap;
use std::sync::Mutex;

use super::{Secret, SecretError, SecretStore};

/// Secrets in memory, for unit tests and for `PANELSHOT_TOKEN` runs.
#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<String, String>>,
}

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Secret, SecretError> {
        let items = self
            .items
            .lock()
            .map_err(|_| SecretError::Failed("memory store poisoned".into()))?;
        items
            .get(key)
            .map(|v| Secret::new(v.clone()))
            .ok_or_else(|| SecretError::Missing(key.to_string()))
    }
    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        let mut items = self
            .items
            .lock()
            .map_err(|_| SecretError::Failed("memory store poisoned".into()))?;
        items.insert(key.to_string(), secret.expose().to_string());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let mut items = self
            .items
            .lock()
            .map_err(|_| SecretError::Failed("memory store poisoned".into()))?;
        items.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing() {
        let store = MemoryStore::default();
        assert!(matches!(store.get("a"), Err(SecretError::Missing(_))));
        store.set("a", &Secret::new("x")).unwrap();
        assert_eq!(store.get("a").unwrap().expose(), "x");
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").is_err());
    }
}
