-- User presets; the built-in ones live in code and are always present.
CREATE TABLE presets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    scale       REAL    NOT NULL DEFAULT 1,
    theme       TEXT    NOT NULL DEFAULT 'dark',
    timezone    TEXT,
    time_from   TEXT,
    time_to     TEXT,
    format      TEXT    NOT NULL DEFAULT 'png',
    quality     INTEGER,
    transparent INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A saved job: panels of one connection, a preset, where the files go.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    connection_name TEXT    NOT NULL,
    preset_name     TEXT,
    output_dir      TEXT    NOT NULL,
    template        TEXT    NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE job_items (
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    dashboard_uid TEXT    NOT NULL,
    panel         TEXT    NOT NULL,
    vars_json     TEXT    NOT NULL DEFAULT '[]',
    time_from     TEXT,
    time_to       TEXT,
    PRIMARY KEY (job_id, position)
);
