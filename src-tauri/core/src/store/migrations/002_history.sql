-- One row per export attempt, successes and failures. Connection and dashboard names are copied
-- so history stays readable after a connection or dashboard is gone.
CREATE TABLE history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    connection_name TEXT    NOT NULL,
    dashboard_uid   TEXT    NOT NULL,
    dashboard_title TEXT    NOT NULL DEFAULT '',
    target          TEXT    NOT NULL,            -- panel id/key, or 'dashboard'
    panel_id        INTEGER,
    panel_title     TEXT    NOT NULL DEFAULT '',
    options_json    TEXT    NOT NULL,            -- the complete render options, for re-export
    format          TEXT    NOT NULL,
    output_path     TEXT,
    width_px        INTEGER NOT NULL DEFAULT 0,
    height_px       INTEGER NOT NULL DEFAULT 0,
    bytes           INTEGER NOT NULL DEFAULT 0,
    duration_ms     REAL    NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
    error_code      TEXT,
    error_message   TEXT,
    thumbnail       BLOB,
    thumbnail_mime  TEXT
);

CREATE INDEX history_connection ON history (connection_name, id DESC);
CREATE INDEX history_dashboard ON history (dashboard_uid, id DESC);
CREATE INDEX history_status ON history (status, id DESC);
CREATE INDEX history_created ON history (created_at);
