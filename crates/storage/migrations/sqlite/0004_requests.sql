-- Assistance requests: numbered references, the triage queue's order, urgency overrides.
-- The PostgreSQL tree has a file of the same name with the same shapes.

-- The number in a reference (C4H-2026-000123), unique, given at submission.
ALTER TABLE assistance_requests ADD COLUMN number INTEGER;
CREATE UNIQUE INDEX requests_by_number ON assistance_requests (number);
-- 0 critical … 3 low, so that the queue's order (most urgent, then longest waiting) is an index.
ALTER TABLE assistance_requests ADD COLUMN urgency_rank INTEGER CHECK (urgency_rank BETWEEN 0 AND 3);
UPDATE assistance_requests SET urgency_rank = CASE urgency
    WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END;
CREATE INDEX requests_queue ON assistance_requests (state, urgency_rank, submitted_at);
-- The urgency the signals gave, kept when a coordinator overrides it.
ALTER TABLE assistance_requests ADD COLUMN computed_urgency TEXT
    CHECK (computed_urgency IN ('critical', 'high', 'medium', 'low'));
ALTER TABLE assistance_requests ADD COLUMN urgency_overridden_by TEXT REFERENCES users (id);
CREATE INDEX messages_by_request_visibility ON messages (request_id, visibility, created_at);
-- Reasons are now stable codes (space-separated); the free-text reasons of earlier rows (demo
-- data only) are cleared rather than guessed at, and their urgency counts as computed.
UPDATE assistance_requests SET urgency_reasons = '', computed_urgency = urgency;
-- Rows written by the write probe (`Store::write_probe`): one bare INSERT, through the service's
-- own pool and durability settings, which the load benchmark measures as the ceiling of writes.
CREATE TABLE write_probes (
    id                  TEXT PRIMARY KEY,
    written_at          TEXT NOT NULL
) STRICT;
-- The queue's index replaces the older one on (state, urgency, submitted_at).
DROP INDEX requests_by_state;
-- The audit chain guards itself: an event must follow the head exactly, and moves the head.
-- (The writer may then keep the head in memory: if another process appended meanwhile, its
-- insert is refused and it reads the head again.)
CREATE TRIGGER audit_events_follow_the_head BEFORE INSERT ON audit_events
WHEN NEW.seq <> (SELECT last_seq FROM audit_chain_head) + 1
    OR NEW.prev_hash <> (SELECT last_hash FROM audit_chain_head)
BEGIN
    SELECT RAISE(ABORT, 'the audit chain moved');
END;
CREATE TRIGGER audit_events_move_the_head AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash;
END;
