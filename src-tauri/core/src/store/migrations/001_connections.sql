-- Connections hold no secrets: tokens and passwords live in the OS keyring under `connection/<id>`.
CREATE TABLE connections (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    url          TEXT    NOT NULL,
    org_id       INTEGER,
    auth_kind    TEXT    NOT NULL CHECK (auth_kind IN ('token', 'basic', 'none')),
    username     TEXT,
    ca_cert_pem  TEXT,
    insecure     INTEGER NOT NULL DEFAULT 0,
    timeout_secs INTEGER NOT NULL DEFAULT 30,
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
