-- A connection can sign in as a person ('session'): Grafana's session cookie, kept in the OS
-- keyring like a token. SQLite cannot change a CHECK constraint, so the table is rebuilt
-- (no other table refers to it); its AUTOINCREMENT counter is carried over so a removed
-- connection's id, and so its keyring key, is never handed out again.
CREATE TABLE connections_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    url          TEXT    NOT NULL,
    org_id       INTEGER,
    auth_kind    TEXT    NOT NULL CHECK (auth_kind IN ('token', 'basic', 'session', 'none')),
    username     TEXT,
    ca_cert_pem  TEXT,
    insecure     INTEGER NOT NULL DEFAULT 0,
    timeout_secs INTEGER NOT NULL DEFAULT 30,
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO connections_new (id, name, url, org_id, auth_kind, username, ca_cert_pem, insecure, timeout_secs, created_at)
    SELECT id, name, url, org_id, auth_kind, username, ca_cert_pem, insecure, timeout_secs, created_at FROM connections;
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'connections_new', seq FROM sqlite_sequence WHERE name = 'connections'
    AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'connections_new');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'connections'))
    WHERE name = 'connections_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'connections');
DROP TABLE connections;
ALTER TABLE connections_new RENAME TO connections;
