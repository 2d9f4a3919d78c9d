-- Case and offer facts: what the dashboards and the public figures count, never content.
-- Case facts are one row per submitted request: where it came from, its urgency and category,
-- when it was triaged, offered, engaged, resolved and ended, by whom, and the hours logged.
-- Triggers keep them in the database itself, in the same transaction as every change they
-- follow, whichever statement made it; retention never deletes them, so that figures of past
-- quarters stay true once the cases are purged. The SQLite tree has a file of the same
-- name with the same shapes.
CREATE TABLE case_facts (
    -- The request's id; no reference, since the request may be purged.
    request_id          uuid PRIMARY KEY,
    organisation_id     uuid NOT NULL,
    country             TEXT NOT NULL,
    requester_kind      TEXT NOT NULL,
    category            TEXT,
    urgency             TEXT,
    -- The first language the requester asked for.
    language            TEXT NOT NULL,
    submitted_at        timestamptz NOT NULL,
    state               TEXT NOT NULL,
    -- The first step after submission other than a withdrawal.
    triaged_at          timestamptz,
    first_offer_at      timestamptz,
    engaged_at          timestamptz,
    resolved_at         timestamptz,
    -- Closed, declined or withdrawn.
    ended_at            timestamptz,
    provider_id         uuid,
    waitlisted          boolean NOT NULL DEFAULT FALSE,
    minutes_logged      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX case_facts_by_submission ON case_facts (submitted_at);
CREATE INDEX case_facts_by_provider ON case_facts (provider_id, submitted_at) WHERE provider_id IS NOT NULL;

-- A request's row, as its facts: written when it is submitted, updated as it moves (the same
-- upsert for both, so a request written again with the same id, as the demo data may be after a
-- purge, updates its facts). Times come from the request's own state_changed_at, which the
-- service writes from its clock.
CREATE FUNCTION case_facts_follow_requests() RETURNS trigger AS $$
BEGIN
    IF NEW.state = 'draft' THEN
        RETURN NULL;
    END IF;
    INSERT INTO case_facts (request_id, organisation_id, country, requester_kind, category,
        urgency, language, submitted_at, state, triaged_at, resolved_at, ended_at, waitlisted)
    SELECT NEW.id, NEW.organisation_id, o.country, o.kind, NEW.category, NEW.urgency,
        split_part(NEW.languages, ' ', 1),
        COALESCE(NEW.submitted_at, NEW.state_changed_at), NEW.state,
        CASE WHEN NEW.state NOT IN ('submitted', 'withdrawn') THEN NEW.state_changed_at END,
        CASE WHEN NEW.state = 'resolved' THEN NEW.state_changed_at END,
        CASE WHEN NEW.state IN ('closed', 'declined', 'withdrawn') THEN NEW.state_changed_at END,
        NEW.state = 'waitlisted'
    FROM organisations o WHERE o.id = NEW.organisation_id
    ON CONFLICT (request_id) DO UPDATE SET
        category = excluded.category,
        urgency = excluded.urgency,
        state = excluded.state,
        triaged_at = COALESCE(case_facts.triaged_at, excluded.triaged_at),
        resolved_at = COALESCE(case_facts.resolved_at, excluded.resolved_at),
        ended_at = COALESCE(case_facts.ended_at, excluded.ended_at),
        waitlisted = case_facts.waitlisted OR excluded.waitlisted;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_facts_follow_new_requests AFTER INSERT ON assistance_requests
    FOR EACH ROW EXECUTE FUNCTION case_facts_follow_requests();
CREATE TRIGGER case_facts_follow_request_changes AFTER UPDATE OF state, urgency, category
    ON assistance_requests FOR EACH ROW EXECUTE FUNCTION case_facts_follow_requests();

CREATE FUNCTION case_facts_follow_offers() RETURNS trigger AS $$
BEGIN
    UPDATE case_facts SET first_offer_at = COALESCE(first_offer_at, NEW.created_at)
    WHERE request_id = NEW.request_id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_facts_follow_offers AFTER INSERT ON offers
    FOR EACH ROW EXECUTE FUNCTION case_facts_follow_offers();

CREATE FUNCTION case_facts_follow_engagements() RETURNS trigger AS $$
BEGIN
    UPDATE case_facts SET engaged_at = COALESCE(engaged_at, NEW.started_at),
        provider_id = NEW.provider_id
    WHERE request_id = NEW.request_id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_facts_follow_engagements AFTER INSERT ON engagements
    FOR EACH ROW EXECUTE FUNCTION case_facts_follow_engagements();

CREATE FUNCTION case_facts_follow_hours() RETURNS trigger AS $$
BEGIN
    UPDATE case_facts SET minutes_logged = minutes_logged + NEW.minutes
    WHERE request_id = (SELECT request_id FROM engagements WHERE id = NEW.engagement_id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_facts_follow_hours AFTER INSERT ON time_entries
    FOR EACH ROW EXECUTE FUNCTION case_facts_follow_hours();

-- The facts of the requests already there.
INSERT INTO case_facts (request_id, organisation_id, country, requester_kind, category, urgency,
    language, submitted_at, state, triaged_at, first_offer_at, engaged_at, resolved_at, ended_at,
    provider_id, waitlisted, minutes_logged)
SELECT r.id, r.organisation_id, o.country, o.kind, r.category, r.urgency,
    split_part(r.languages, ' ', 1),
    COALESCE(r.submitted_at, r.state_changed_at), r.state,
    CASE WHEN r.state NOT IN ('submitted', 'withdrawn') THEN r.state_changed_at END,
    (SELECT MIN(f.created_at) FROM offers f WHERE f.request_id = r.id),
    e.started_at, e.resolved_at,
    CASE WHEN r.state IN ('closed', 'declined', 'withdrawn') THEN r.state_changed_at END,
    e.provider_id, r.state = 'waitlisted',
    COALESCE((SELECT SUM(t.minutes) FROM time_entries t WHERE t.engagement_id = e.id), 0)
FROM assistance_requests r JOIN organisations o ON o.id = r.organisation_id
LEFT JOIN engagements e ON e.request_id = r.id
WHERE r.state <> 'draft';

-- Offer facts: one row per offer (who it went to, for what, sent by the engine or a
-- coordinator, when it was answered and how), kept like case facts when the case is purged.
CREATE TABLE offer_facts (
    offer_id            uuid PRIMARY KEY,
    request_id          uuid NOT NULL,
    provider_id         uuid NOT NULL,
    offering_id         uuid NOT NULL,
    category            TEXT NOT NULL,
    urgency             TEXT,
    by_engine           boolean NOT NULL,
    sent_at             timestamptz NOT NULL,
    deadline_at         timestamptz NOT NULL,
    state               TEXT NOT NULL,
    decline_reason      TEXT,
    answered_at         timestamptz
);
CREATE INDEX offer_facts_by_provider ON offer_facts (provider_id, sent_at);
CREATE INDEX offer_facts_by_sending ON offer_facts (sent_at);

CREATE FUNCTION offer_facts_follow_new_offers() RETURNS trigger AS $$
BEGIN
    INSERT INTO offer_facts (offer_id, request_id, provider_id, offering_id, category, urgency,
        by_engine, sent_at, deadline_at, state, decline_reason, answered_at)
    SELECT NEW.id, NEW.request_id, g.provider_id, g.id, g.category,
        (SELECT r.urgency FROM assistance_requests r WHERE r.id = NEW.request_id),
        NEW.sent_by IS NULL, NEW.created_at, NEW.deadline_at, NEW.state, NEW.decline_reason,
        NEW.answered_at
    FROM offerings g WHERE g.id = NEW.offering_id
    ON CONFLICT (offer_id) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER offer_facts_follow_new_offers AFTER INSERT ON offers
    FOR EACH ROW EXECUTE FUNCTION offer_facts_follow_new_offers();

CREATE FUNCTION offer_facts_follow_answers() RETURNS trigger AS $$
BEGIN
    UPDATE offer_facts SET state = NEW.state, decline_reason = NEW.decline_reason,
        answered_at = NEW.answered_at
    WHERE offer_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER offer_facts_follow_answers AFTER UPDATE OF state ON offers
    FOR EACH ROW EXECUTE FUNCTION offer_facts_follow_answers();

-- The facts of the offers already there.
INSERT INTO offer_facts (offer_id, request_id, provider_id, offering_id, category, urgency,
    by_engine, sent_at, deadline_at, state, decline_reason, answered_at)
SELECT f.id, f.request_id, g.provider_id, g.id, g.category, r.urgency, f.sent_by IS NULL,
    f.created_at, f.deadline_at, f.state, f.decline_reason, f.answered_at
FROM offers f JOIN offerings g ON g.id = f.offering_id
JOIN assistance_requests r ON r.id = f.request_id;
