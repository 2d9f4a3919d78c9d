-- Retention and erasure: legal holds on cases, erased accounts, and the indexes the daily purge
-- reads. The SQLite tree has a file of the same name with the same shapes.

-- A case on legal hold is never purged. The reason is sealed like other free text.
ALTER TABLE assistance_requests ADD COLUMN legal_hold_at timestamptz;
ALTER TABLE assistance_requests ADD COLUMN legal_hold_by uuid REFERENCES users (id);
ALTER TABLE assistance_requests ADD COLUMN legal_hold_reason TEXT;
-- Ended cases and drafts by how long they have been so.
CREATE INDEX requests_by_state_change ON assistance_requests (state, state_changed_at);
-- What purging a case deletes or unlinks, found without a scan.
CREATE INDEX requests_merged_into ON assistance_requests (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX offers_by_request ON offers (request_id);
CREATE INDEX notifications_by_request ON notifications (request_id) WHERE request_id IS NOT NULL;

-- An erased account keeps its row (cases, messages and the trail point at it) with a pseudonym
-- in place of the address and the name, and nothing to sign in with.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
CREATE INDEX users_never_verified ON users (created_at)
    WHERE email_verified_at IS NULL AND erased_at IS NULL;
