//! Scoring: whether an offering may take a request at all (the hard constraints) and, if so,
//! what the pair costs (the soft terms), each term with the reason shown to coordinators
//! ("speaks French", "serves CH", "answers within 2 h").
//!
//! Guarantees: [`score`] refuses a pair for the first hard constraint it breaks, in a fixed
//! order, so coordinators always read the same reason; an accepted pair's cost is the sum of its
//! terms' costs, at most [`MAX_COST`]; the same inputs always give the same score.
//!
//! The weights ([`Weights`]) say how much each shortfall costs, in points; a pair with no
//! shortfall costs 0. Their defaults are documented on each field and in docs/matching.md.

use crate::ValueKind;
use crate::codes::code_enum;
use crate::ids::{OfferingId, ProviderId};
use crate::matching::instance::MAX_COST;
use crate::triage::Signals;
use crate::{Country, LanguageTag, M49Region, Region, RequesterKind, ServiceCategory, Urgency};

/// What matching needs to know of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestProfile {
    pub urgency: Urgency,
    /// The kinds of help that would do: the one asked for, or those its signals suggest.
    pub categories: Vec<ServiceCategory>,
    pub kind: RequesterKind,
    pub country: Country,
    pub languages: Vec<LanguageTag>,
    /// Providers the requester does not want (never offered, whatever the cost).
    pub excluded_providers: Vec<ProviderId>,
    /// Offerings this request was offered to before (declined, expired or withdrawn): the next
    /// offer goes elsewhere.
    pub offered_before: Vec<OfferingId>,
}

/// Feedback so far: the average rating in tenths of a star (10 to 50) over `count` ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feedback {
    pub average_tenths: u32,
    pub count: u32,
}

/// What matching needs to know of an offering and its provider, now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingProfile {
    pub offering: OfferingId,
    pub provider: ProviderId,
    pub category: ServiceCategory,
    pub eligible_kinds: Vec<RequesterKind>,
    pub regions: Vec<Region>,
    pub languages: Vec<LanguageTag>,
    pub response_hours: u32,
    /// Active, and not paused by itself.
    pub active: bool,
    pub provider_vetted: bool,
    /// The provider paused all its offerings.
    pub provider_paused: bool,
    /// Engagements it can still take.
    pub capacity_left: u32,
    /// Engagements the provider has in progress, over all its offerings.
    pub provider_engagements: u32,
    pub feedback: Option<Feedback>,
}

code_enum!(
    /// Why an offering cannot take a request, in the order [`score`] checks.
    Ineligible, ValueKind::State, {
        OtherCategory => "other_category",
        RequesterKindNotServed => "requester_kind_not_served",
        CountryNotServed => "country_not_served",
        OfferingInactive => "offering_inactive",
        ProviderNotVetted => "provider_not_vetted",
        ProviderPaused => "provider_paused",
        NoCapacityLeft => "no_capacity_left",
        ExcludedByRequester => "excluded_by_requester",
        OfferedBefore => "offered_before",
    }
);

/// One reason behind a pair's cost, as coordinators read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    SpeaksLanguage(LanguageTag),
    NoCommonLanguage,
    ServesCountry(Country),
    ServesRegion(M49Region),
    ServesWorld,
    AnswersWithin { hours: u32 },
    SlowerThanWanted { hours: u32, wanted: u32 },
    Engagements { count: u32 },
    Feedback { average_tenths: u32, count: u32 },
    NoFeedbackYet,
}

impl Reason {
    /// The stable code of this kind of reason (a translation key's last part on pages).
    pub fn code(&self) -> &'static str {
        match self {
            Self::SpeaksLanguage(_) => "speaks_language",
            Self::NoCommonLanguage => "no_common_language",
            Self::ServesCountry(_) => "serves_country",
            Self::ServesRegion(_) => "serves_region",
            Self::ServesWorld => "serves_world",
            Self::AnswersWithin { .. } => "answers_within_hours",
            Self::SlowerThanWanted { .. } => "slower_than_wanted_hours",
            Self::Engagements { .. } => "engagements_in_progress",
            Self::Feedback { .. } => "feedback_average_tenths",
            Self::NoFeedbackYet => "no_feedback_yet",
        }
    }

    /// The value the reason names, if any: a language tag, a country or region code, hours, a
    /// count, an average in tenths of a star.
    pub fn value(&self) -> Option<String> {
        match self {
            Self::SpeaksLanguage(language) => Some(language.as_str().to_owned()),
            Self::ServesCountry(country) => Some(country.as_str().to_owned()),
            Self::ServesRegion(region) => Some(region.as_str().to_owned()),
            Self::AnswersWithin { hours } | Self::SlowerThanWanted { hours, .. } => {
                Some(hours.to_string())
            }
            Self::Engagements { count } => Some(count.to_string()),
            Self::Feedback { average_tenths, .. } => Some(average_tenths.to_string()),
            Self::NoCommonLanguage | Self::ServesWorld | Self::NoFeedbackYet => None,
        }
    }
}

/// A reason and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub reason: Reason,
    pub cost: u32,
}

/// An eligible pair's cost and its terms, in a fixed order (language, place, response time,
/// load, feedback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub cost: u32,
    pub terms: Vec<Term>,
}

/// Points for each shortfall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    /// No language in common with the requester (default 300).
    pub no_common_language: u32,
    /// Serves the requester's region rather than its country (default 40).
    pub region_not_country: u32,
    /// Serves the whole world rather than the requester's country or region (default 100).
    pub world_not_region: u32,
    /// Each hour the committed response time exceeds what the urgency wants (defaults:
    /// critical 20, high 5, medium 1, low 0), by `Urgency::ALL` order.
    pub per_hour_late: [u32; 4],
    /// Each engagement the provider already has in progress (default 10).
    pub per_engagement: u32,
    /// Each star below five in the average feedback (default 30).
    pub per_missing_star: u32,
    /// No feedback yet: as much as an average of three and a half stars (default 45).
    pub no_feedback: u32,
    /// What the k-th request given to one provider in one matching run adds, the last value
    /// repeating (default 0, 10, 20, 40): spreads a run's work over volunteers.
    pub load_costs: Vec<u32>,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            no_common_language: 300,
            region_not_country: 40,
            world_not_region: 100,
            per_hour_late: [20, 5, 1, 0],
            per_engagement: 10,
            per_missing_star: 30,
            no_feedback: 45,
            load_costs: vec![0, 10, 20, 40],
        }
    }
}

/// The response time an urgency wants, in hours: critical 2, high 8, medium 24, low 72.
pub fn wanted_hours(urgency: Urgency) -> u32 {
    match urgency {
        Urgency::Critical => 2,
        Urgency::High => 8,
        Urgency::Medium => 24,
        Urgency::Low => 72,
    }
}

/// The kinds of help a request's signals call for when the requester was not sure.
pub fn suggested_categories(signals: &Signals) -> Vec<ServiceCategory> {
    use ServiceCategory as C;
    let mut wanted = Vec::new();
    if signals.ransomware {
        wanted.extend([C::RansomwareRecovery, C::IncidentResponse]);
    }
    if signals.active_incident || signals.systems_down {
        wanted.extend([C::IncidentResponse, C::DigitalForensics]);
    }
    if signals.data_breach {
        wanted.extend([C::DigitalForensics, C::IncidentResponse]);
    }
    if signals.email_compromised {
        wanted.extend([C::EmailSecurity, C::AccountProtection]);
    }
    if wanted.is_empty() {
        wanted.push(C::SecurityAdvisory);
    }
    let mut unique = Vec::with_capacity(wanted.len());
    for category in wanted {
        if !unique.contains(&category) {
            unique.push(category);
        }
    }
    unique
}

fn speaks(offering: &OfferingProfile, language: &LanguageTag) -> bool {
    offering.languages.iter().any(|spoken| spoken.primary() == language.primary())
}

/// The best way the offering covers the requester's country, or `None` when it does not.
fn place(offering: &OfferingProfile, country: Country, weights: &Weights) -> Option<Term> {
    let regions = &offering.regions;
    if regions.contains(&Region::Country(country)) {
        return Some(Term { reason: Reason::ServesCountry(country), cost: 0 });
    }
    let regional = regions.iter().find_map(|r| match r {
        Region::M49(region) if *region != M49Region::World && r.covers(country) => Some(*region),
        _ => None,
    });
    if let Some(region) = regional {
        return Some(Term {
            reason: Reason::ServesRegion(region),
            cost: weights.region_not_country,
        });
    }
    regions
        .contains(&Region::M49(M49Region::World))
        .then_some(Term { reason: Reason::ServesWorld, cost: weights.world_not_region })
}

/// Whether `offering` may take `request`, and at what cost (see the module's guarantees).
pub fn score(
    request: &RequestProfile,
    offering: &OfferingProfile,
    weights: &Weights,
) -> Result<Score, Ineligible> {
    if !request.categories.contains(&offering.category) {
        return Err(Ineligible::OtherCategory);
    }
    if !offering.eligible_kinds.contains(&request.kind) {
        return Err(Ineligible::RequesterKindNotServed);
    }
    let place = place(offering, request.country, weights).ok_or(Ineligible::CountryNotServed)?;
    let refusal = [
        (!offering.active, Ineligible::OfferingInactive),
        (!offering.provider_vetted, Ineligible::ProviderNotVetted),
        (offering.provider_paused, Ineligible::ProviderPaused),
        (offering.capacity_left == 0, Ineligible::NoCapacityLeft),
        (request.excluded_providers.contains(&offering.provider), Ineligible::ExcludedByRequester),
        (request.offered_before.contains(&offering.offering), Ineligible::OfferedBefore),
    ];
    if let Some((_, why)) = refusal.into_iter().find(|(refused, _)| *refused) {
        return Err(why);
    }
    let language = match request.languages.iter().find(|l| speaks(offering, l)) {
        Some(common) => Term { reason: Reason::SpeaksLanguage(common.clone()), cost: 0 },
        None => Term { reason: Reason::NoCommonLanguage, cost: weights.no_common_language },
    };
    let wanted = wanted_hours(request.urgency);
    let hours = offering.response_hours;
    let response = if hours <= wanted {
        Term { reason: Reason::AnswersWithin { hours }, cost: 0 }
    } else {
        let rank = Urgency::ALL.iter().position(|&u| u == request.urgency).unwrap_or(3);
        let cost = (hours - wanted).saturating_mul(weights.per_hour_late[rank]);
        Term { reason: Reason::SlowerThanWanted { hours, wanted }, cost }
    };
    let count = offering.provider_engagements;
    let load = Term {
        reason: Reason::Engagements { count },
        cost: count.saturating_mul(weights.per_engagement),
    };
    let feedback = match offering.feedback {
        Some(Feedback { average_tenths, count }) => Term {
            reason: Reason::Feedback { average_tenths, count },
            cost: 50u32.saturating_sub(average_tenths).saturating_mul(weights.per_missing_star)
                / 10,
        },
        None => Term { reason: Reason::NoFeedbackYet, cost: weights.no_feedback },
    };
    let terms = vec![language, place, response, load, feedback];
    let total = terms.iter().fold(0u32, |sum, term| sum.saturating_add(term.cost));
    Ok(Score { cost: total.min(MAX_COST as u32), terms })
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
