-- Free text is sealed before it is written (see the storage crate's `sealing`): the columns that
-- hold it keep `c4h1:<key id>:<base64>` instead, which is longer than the text, so the length
-- checks move to the forms. Only provider_notes had such checks. The SQLite tree has a file of
-- the same name with the same shapes.
ALTER TABLE provider_notes DROP CONSTRAINT IF EXISTS provider_notes_body_check;
ALTER TABLE provider_notes DROP CONSTRAINT IF EXISTS provider_notes_evidence_check;
