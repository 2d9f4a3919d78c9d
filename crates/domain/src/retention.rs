//! Retention: how long each kind of record is kept, and when a record is due to go.
//!
//! The operator sets a period per kind (closed cases with their files, the audit trail, accounts
//! whose address was never verified, drafts never submitted); each may also be kept for ever.
//! This module turns the periods and "now" into cut-off instants, and says which requests are
//! finished enough to purge. Nothing here deletes anything: the storage crate does, inside one
//! transaction per record, and re-checks these rules there so a record that changed meanwhile (a
//! case put on legal hold) is never purged.
//!
//! Guarantees: a period is a whole number of days from [`MIN_DAYS`] to [`MAX_DAYS`] or
//! "never"; a case on legal hold is never due, whatever its age.

use time::{Duration, OffsetDateTime};

use crate::RequestState;

/// The shortest period: a day, so that a typo cannot purge what was written a moment ago.
pub const MIN_DAYS: u32 = 1;
/// The longest period: a hundred years.
pub const MAX_DAYS: u32 = 36_500;

/// How long one kind of record is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Kept this many days after the moment that starts its clock, then purged.
    Days(u32),
    /// Never purged.
    Forever,
}

impl Keep {
    /// Reads `365` or `never`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("never") {
            return Ok(Self::Forever);
        }
        match text.parse::<u32>() {
            Ok(days) if (MIN_DAYS..=MAX_DAYS).contains(&days) => Ok(Self::Days(days)),
            _ => Err(format!(
                "{text:?} is not a number of days from {MIN_DAYS} to {MAX_DAYS}, or never"
            )),
        }
    }

    /// Records whose clock started before this instant are due; `None` when none ever is.
    pub fn cutoff(self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            Self::Days(days) => Some(now - Duration::days(i64::from(days))),
            Self::Forever => None,
        }
    }
}

impl std::fmt::Display for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Days(days) => write!(f, "{days} days"),
            Self::Forever => f.write_str("never"),
        }
    }
}

/// The operator's retention periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// A case that ended (closed, declined, withdrawn), with its messages, files, offers,
    /// engagement, hours and feedback; counted from when it ended.
    pub ended_cases: Keep,
    /// Audit events, counted from when they happened.
    pub audit_events: Keep,
    /// Accounts whose address was never verified and that filed nothing; counted from creation.
    pub unverified_accounts: Keep,
    /// Requests never submitted; counted from their last change.
    pub drafts: Keep,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            ended_cases: Keep::Days(365),
            // Six years: what health-care regulations commonly ask of access logs.
            audit_events: Keep::Days(2_190),
            unverified_accounts: Keep::Days(30),
            drafts: Keep::Days(30),
        }
    }
}

/// The instants before which each kind is due, for one run of the purge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    pub ended_cases: Option<OffsetDateTime>,
    pub audit_events: Option<OffsetDateTime>,
    pub unverified_accounts: Option<OffsetDateTime>,
    pub drafts: Option<OffsetDateTime>,
}

impl RetentionPolicy {
    pub fn cutoffs(&self, now: OffsetDateTime) -> Cutoffs {
        Cutoffs {
            ended_cases: self.ended_cases.cutoff(now),
            audit_events: self.audit_events.cutoff(now),
            unverified_accounts: self.unverified_accounts.cutoff(now),
            drafts: self.drafts.cutoff(now),
        }
    }
}

/// The states of a case that has ended: nothing more can happen to it, so its clock runs.
pub const ENDED_STATES: [RequestState; 3] =
    [RequestState::Closed, RequestState::Declined, RequestState::Withdrawn];

/// Whether a case in `state`, in it since `since`, is due under `cutoffs`. A case on legal hold
/// never is.
pub fn case_is_due(
    cutoffs: &Cutoffs,
    state: RequestState,
    since: OffsetDateTime,
    on_hold: bool,
) -> bool {
    if on_hold {
        return false;
    }
    let cutoff = if state == RequestState::Draft {
        cutoffs.drafts
    } else if ENDED_STATES.contains(&state) {
        cutoffs.ended_cases
    } else {
        None
    };
    cutoff.is_some_and(|cutoff| since < cutoff)
}

/// A stable pseudonym for an account whose person was erased: the same account always gets the
/// same one, so the trail still shows that two events were the same person's, without the name.
pub fn pseudonym(account: uuid::Uuid) -> String {
    let bytes = account.as_bytes();
    // The random tail of a v7 id, not its time prefix, so that pseudonyms do not sort by age.
    format!("former-user-{:02x}{:02x}{:02x}{:02x}", bytes[12], bytes[13], bytes[14], bytes[15])
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-01 12:00 UTC);

    #[test]
    fn periods_read_days_or_never_and_refuse_the_rest() {
        assert_eq!(Keep::parse(" 30 "), Ok(Keep::Days(30)));
        assert_eq!(Keep::parse("Never"), Ok(Keep::Forever));
        for bad in ["0", "-1", "36501", "a year", "", "1.5"] {
            let problem = Keep::parse(bad).unwrap_err();
            assert!(problem.contains("number of days from 1 to 36500, or never"), "{problem}");
        }
    }

    #[test]
    fn an_ended_case_is_due_once_its_period_passed_and_never_on_hold() {
        let policy = RetentionPolicy { ended_cases: Keep::Days(10), ..RetentionPolicy::default() };
        let cutoffs = policy.cutoffs(NOW);
        let old = NOW - Duration::days(11);
        let recent = NOW - Duration::days(9);
        for state in ENDED_STATES {
            assert!(case_is_due(&cutoffs, state, old, false), "{state:?}");
            assert!(!case_is_due(&cutoffs, state, old, true), "on hold: {state:?}");
            assert!(!case_is_due(&cutoffs, state, recent, false), "{state:?}");
        }
        for state in [RequestState::Engaged, RequestState::Resolved, RequestState::Waitlisted] {
            assert!(!case_is_due(&cutoffs, state, old, false), "still open: {state:?}");
        }
        let forever = RetentionPolicy { ended_cases: Keep::Forever, ..policy };
        assert!(!case_is_due(&forever.cutoffs(NOW), RequestState::Closed, old, false));
    }

    #[test]
    fn drafts_follow_their_own_period() {
        let policy = RetentionPolicy { drafts: Keep::Days(30), ..RetentionPolicy::default() };
        let cutoffs = policy.cutoffs(NOW);
        assert!(case_is_due(&cutoffs, RequestState::Draft, NOW - Duration::days(31), false));
        assert!(!case_is_due(&cutoffs, RequestState::Draft, NOW - Duration::days(29), false));
    }

    #[test]
    fn a_pseudonym_is_stable_and_names_nobody() {
        let id = uuid::Uuid::parse_str("01890a5d-ac96-774b-bcce-b302099a8057").unwrap();
        assert_eq!(pseudonym(id), "former-user-099a8057");
        assert_eq!(pseudonym(id), pseudonym(id));
    }
}
