-- Per-library settings (site title, base URL, ...), as text keys and values.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
