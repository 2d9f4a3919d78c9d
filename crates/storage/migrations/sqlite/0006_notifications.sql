-- Notifications: what each person is told happened on a case, read in the app, and sent by
-- e-mail at once, in a daily digest or not at all, as the person chose. The PostgreSQL tree has a
-- file of the same name with the same shapes.
CREATE TABLE notifications (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users (id),
    request_id          TEXT REFERENCES assistance_requests (id),
    -- A stable code (case_message, case_file, case_resolved, ...), translated where shown.
    kind                TEXT NOT NULL,
    -- Safe anywhere: the request's reference and a path, never content.
    reference           TEXT NOT NULL,
    link                TEXT NOT NULL,
    -- none: in the app only; queued: its e-mail was enqueued with it; digest: waits for the
    -- daily digest; digested: the digest that told of it was enqueued.
    email               TEXT NOT NULL CHECK (email IN ('none', 'queued', 'digest', 'digested')),
    created_at          TEXT NOT NULL,
    read_at             TEXT
) STRICT;
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_for_digest ON notifications (user_id) WHERE email = 'digest';
ALTER TABLE users ADD COLUMN notify_email TEXT NOT NULL DEFAULT 'immediately'
    CHECK (notify_email IN ('immediately', 'daily', 'off'));
