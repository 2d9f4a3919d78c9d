-- Identity: credentials, sessions, one-time tokens, invitations, trusted devices, rate limits.
-- The PostgreSQL tree has a file of the same name with the same shapes.

-- TOTP (RFC 6238). The secret is base32; NULL until the user enrols. The last accepted time step
-- makes every code single-use: a code is accepted only for a later step than the last one.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enrolled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at TEXT;

-- Ten single-use recovery codes per enrolled user, stored as SHA-256 of 80-bit random codes.
CREATE TABLE recovery_codes (
    user_id             TEXT NOT NULL REFERENCES users (id),
    code_hash           TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    used_at             TEXT,
    PRIMARY KEY (user_id, code_hash)
) STRICT;

-- Server-side sessions. The cookie carries a 256-bit random token; only its SHA-256 is stored,
-- so a copy of the database cannot be used to sign in. `id` is a handle for listing and revoking.
CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    token_hash          TEXT NOT NULL UNIQUE,
    user_id             TEXT NOT NULL REFERENCES users (id),
    -- FALSE between the password and the second factor.
    mfa_verified        INTEGER NOT NULL CHECK (mfa_verified IN (0, 1)),
    reauthenticated_at  TEXT,
    client_address      TEXT,
    user_agent          TEXT,
    created_at          TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    idle_expires_at     TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    revoked_at          TEXT
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id, revoked_at);

-- Links sent by e-mail to a known user: verify an address, reset a password, confirm a new
-- address. Stored as SHA-256 of a 256-bit random token; single-use; short-lived.
CREATE TABLE one_time_tokens (
    token_hash          TEXT PRIMARY KEY,
    purpose             TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    user_id             TEXT NOT NULL REFERENCES users (id),
    -- The address the link went to (the new one for change_email).
    email               TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    used_at             TEXT
) STRICT;
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);

-- Invitations: the only way in for staff and provider members.
CREATE TABLE invitations (
    id                  TEXT PRIMARY KEY,
    token_hash          TEXT NOT NULL UNIQUE,
    email               TEXT NOT NULL,
    -- Exactly one of: a staff role, or a provider with a role in it.
    staff_role          TEXT CHECK (staff_role IN ('coordinator', 'admin')),
    provider_id         TEXT REFERENCES providers (id),
    provider_role       TEXT CHECK (provider_role IN ('member', 'admin')),
    invited_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    accepted_at         TEXT,
    accepted_by         TEXT REFERENCES users (id),
    CONSTRAINT invitation_to_one_thing CHECK (
        (staff_role IS NOT NULL AND provider_id IS NULL AND provider_role IS NULL)
        OR (staff_role IS NULL AND provider_id IS NOT NULL AND provider_role IS NOT NULL))
) STRICT;
CREATE INDEX invitations_by_provider ON invitations (provider_id, accepted_at);

-- Browsers a user signed in from: sign-in attempts that present such a device cookie are not
-- subject to the per-account lockout, so an attacker cannot lock the owner out.
CREATE TABLE trusted_devices (
    token_hash          TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users (id),
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL
) STRICT;

-- Fixed-window rate-limit counters, shared by every instance.
CREATE TABLE rate_limits (
    bucket              TEXT PRIMARY KEY,
    window_start        TEXT NOT NULL,
    hits                INTEGER NOT NULL
) STRICT;

-- Organisations: who created it, and the code its admins share with colleagues who want to join.
ALTER TABLE organisations ADD COLUMN created_by TEXT REFERENCES users (id);
ALTER TABLE organisations ADD COLUMN join_code TEXT;
CREATE UNIQUE INDEX organisations_by_join_code ON organisations (join_code);
