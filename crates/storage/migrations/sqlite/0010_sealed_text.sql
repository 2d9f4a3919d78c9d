-- Free text is sealed before it is written (see the storage crate's `sealing`): the columns that
-- hold it keep `c4h1:<key id>:<base64>` instead, which is longer than the text, so the length
-- checks move to the forms. Only provider_notes had such checks; SQLite changes a check by
-- rebuilding the table. The PostgreSQL tree has a file of the same name with the same shapes.
CREATE TABLE provider_notes_sealed (
    id                  TEXT PRIMARY KEY,
    provider_id         TEXT NOT NULL REFERENCES providers (id),
    author_id           TEXT NOT NULL REFERENCES users (id),
    body                TEXT NOT NULL,
    evidence            TEXT,
    created_at          TEXT NOT NULL
) STRICT;
INSERT INTO provider_notes_sealed SELECT id, provider_id, author_id, body, evidence, created_at
    FROM provider_notes;
DROP TABLE provider_notes;
ALTER TABLE provider_notes_sealed RENAME TO provider_notes;
CREATE INDEX provider_notes_by_provider ON provider_notes (provider_id, created_at);
