-- The audit trail's retention base and its guards. The PostgreSQL tree has a file of the same
-- name with the same shapes.

-- Retention removes the oldest events; the chain then starts after base_seq, from base_hash
-- (the hash of the last event removed), so what remains still verifies and a removal that did
-- not go through retention is still caught.
ALTER TABLE audit_chain_head ADD COLUMN base_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_chain_head ADD COLUMN base_hash TEXT NOT NULL
    DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';

-- Append-only in the database itself: an event is never changed, and goes only by retention,
-- which first moves the base past it. (Whoever can drop these triggers can tamper; the chain and
-- `c4h audit verify` are what catch that.)
CREATE TRIGGER audit_events_are_never_changed BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are never changed');
END;
CREATE TRIGGER audit_events_go_only_by_retention BEFORE DELETE ON audit_events
WHEN OLD.seq > (SELECT base_seq FROM audit_chain_head)
BEGIN
    SELECT RAISE(ABORT, 'audit events go only by retention, oldest first');
END;
