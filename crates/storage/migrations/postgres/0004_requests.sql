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
