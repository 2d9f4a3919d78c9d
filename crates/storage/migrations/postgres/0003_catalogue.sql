-- Providers' applications and vetting, offerings' search, organisations' verification.
-- The SQLite tree has a file of the same name with the same shapes.

-- What an applicant declares beyond the foundation's columns.
ALTER TABLE providers ADD COLUMN contact_phone TEXT;
-- The language the contact wrote in, for the e-mails that answer them (a BCP 47 tag).
ALTER TABLE providers ADD COLUMN contact_language TEXT;
-- Space-separated service categories the applicant says it would offer.
ALTER TABLE providers ADD COLUMN services_offered TEXT NOT NULL DEFAULT '';
-- "Not taking new cases until …": shown with the pause.
ALTER TABLE providers ADD COLUMN pause_message TEXT;
ALTER TABLE providers ADD COLUMN vetted_at timestamptz;
CREATE INDEX providers_by_name ON providers (lower(name));

-- Every coordinator decision about a provider, with its reason. A `vet` decision takes effect only
-- when a second coordinator confirms it; the others take effect when made (confirmed_at set).
CREATE TABLE provider_reviews (
    id                  uuid PRIMARY KEY,
    provider_id         uuid NOT NULL REFERENCES providers (id),
    decision            TEXT NOT NULL CHECK (decision IN ('vet', 'reject', 'suspend', 'retire')),
    reason              TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    proposed_by         uuid NOT NULL REFERENCES users (id),
    proposed_at         timestamptz NOT NULL,
    confirmed_by        uuid REFERENCES users (id),
    confirmed_at        timestamptz,
    -- Withdrawn proposals (overtaken by another decision) stay for the history.
    withdrawn_at        timestamptz,
    CONSTRAINT two_people_vet CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by)
);
-- At most one vetting proposal waits per provider.
CREATE UNIQUE INDEX provider_reviews_one_open ON provider_reviews (provider_id)
    WHERE confirmed_at IS NULL AND withdrawn_at IS NULL;
CREATE INDEX provider_reviews_by_provider ON provider_reviews (provider_id, proposed_at);

-- Coordinators' notes about a provider, with the evidence they relied on.
CREATE TABLE provider_notes (
    id                  uuid PRIMARY KEY,
    provider_id         uuid NOT NULL REFERENCES providers (id),
    author_id           uuid NOT NULL REFERENCES users (id),
    body                TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    evidence            TEXT CHECK (length(evidence) <= 1000),
    created_at          timestamptz NOT NULL
);
CREATE INDEX provider_notes_by_provider ON provider_notes (provider_id, created_at);

-- The text that catalogue searches look in: title and description, lower-cased.
ALTER TABLE offering_texts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE offering_texts SET search_text = lower(title || ' ' || description);
CREATE INDEX offerings_by_active_category ON offerings (active, category, provider_id);

ALTER TABLE organisations ADD COLUMN verified_by uuid REFERENCES users (id);
CREATE INDEX organisations_by_name ON organisations (lower(name));
