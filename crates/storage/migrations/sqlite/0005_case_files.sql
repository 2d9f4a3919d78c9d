-- A case's files: which data key sealed each, and the sealed bytes themselves, kept in the
-- database so that a file and its record are written in one transaction (never one without the
-- other), every instance on one database reads the same files, and a backup of the database has
-- them. The PostgreSQL tree has a file of the same name with the same shapes.
ALTER TABLE attachments ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
CREATE TABLE attachment_blobs (
    storage_key         TEXT PRIMARY KEY REFERENCES attachments (storage_key),
    -- Nonce, ciphertext and tag (XChaCha20-Poly1305), never the bytes in clear.
    sealed              BLOB NOT NULL
) STRICT;
