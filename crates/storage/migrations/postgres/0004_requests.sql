-- Assistance requests: numbered references, the triage queue's order, urgency overrides.
-- The SQLite tree has a file of the same name with the same shapes.

-- The number in a reference (C4H-2026-000123), unique, given at submission from a sequence, so
-- concurrent submissions never wait on one another for it (a rolled-back one leaves a gap).
CREATE SEQUENCE request_numbers;
ALTER TABLE assistance_requests ADD COLUMN number BIGINT;
CREATE UNIQUE INDEX requests_by_number ON assistance_requests (number);
-- 0 critical … 3 low, so that the queue's order (most urgent, then longest waiting) is an index.
ALTER TABLE assistance_requests ADD COLUMN urgency_rank SMALLINT CHECK (urgency_rank BETWEEN 0 AND 3);
UPDATE assistance_requests SET urgency_rank = CASE urgency
    WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END;
CREATE INDEX requests_queue ON assistance_requests (state, urgency_rank, submitted_at);
-- The urgency the signals gave, kept when a coordinator overrides it.
ALTER TABLE assistance_requests ADD COLUMN computed_urgency TEXT
    CHECK (computed_urgency IN ('critical', 'high', 'medium', 'low'));
ALTER TABLE assistance_requests ADD COLUMN urgency_overridden_by UUID REFERENCES users (id);
CREATE INDEX messages_by_request_visibility ON messages (request_id, visibility, created_at);
-- Reasons are now stable codes (space-separated); the free-text reasons of earlier rows (demo
-- data only) are cleared rather than guessed at, and their urgency counts as computed.
UPDATE assistance_requests SET urgency_reasons = '', computed_urgency = urgency;
-- Rows written by the write probe (`Store::write_probe`): one bare INSERT, through the service's
-- own pool and durability settings, which the load benchmark measures as the ceiling of writes.
CREATE TABLE write_probes (
    id                  UUID PRIMARY KEY,
    written_at          TIMESTAMPTZ NOT NULL
);
-- The queue's index replaces the older one on (state, urgency, submitted_at).
DROP INDEX requests_by_state;
-- The audit chain guards itself: an event must follow the head exactly, and moves the head (in
-- the same statement, which shortens the time the head's row lock is held).
CREATE FUNCTION audit_events_follow_the_head() RETURNS trigger AS $$
BEGIN
    UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash
        WHERE last_seq = NEW.seq - 1 AND last_hash = NEW.prev_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the audit chain moved';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_follow_the_head BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_follow_the_head();
