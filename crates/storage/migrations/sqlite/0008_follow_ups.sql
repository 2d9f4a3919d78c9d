-- When the service last asked the requester whether the problem came back (30 and 90 days after
-- the case closed), while the question waits for an answer; NULL otherwise. The PostgreSQL tree
-- has a file of the same name with the same shapes.
ALTER TABLE assistance_requests ADD COLUMN follow_up_asked_at TEXT;
