//! The matching problem as the database has it now: every waiting request against every
//! available offering of a category it wants, scored by `c4h_domain::matching::scoring`.
//!
//! Guarantees: a pair is in the instance exactly when scoring accepts it; requests are named by
//! reference and offerings and providers by id, nothing else about anyone; capacities are what
//! is left after active engagements (and, for offerings, pending offers).

use std::collections::HashMap;

use c4h_domain::ServiceCategory;
use c4h_domain::ids::ProviderId;
use c4h_domain::matching::scoring::{
    Feedback, OfferingProfile, RequestProfile, Score, Weights, score, suggested_categories,
};
use c4h_domain::matching::{Edge, InputError, Instance, Offering, Provider, Request};
use c4h_storage::model::{AvailableOffering, MatchingSnapshot, ProviderLoad, WaitingRequest};

/// Why the request of reference `request` and the offering of id `offering` make a pair: its
/// score under `weights`, or `None` when either is no longer waiting or available, or scoring
/// refuses the pair now.
pub fn explain(
    snapshot: &MatchingSnapshot,
    weights: &Weights,
    request: &str,
    offering: &str,
) -> Option<Score> {
    let waiting = snapshot.requests.iter().find(|r| r.reference == request)?;
    let available = snapshot.offerings.iter().find(|o| o.id.to_string() == offering)?;
    let load = snapshot.providers.iter().find(|p| p.id == available.provider)?;
    score(&request_profile(waiting), &offering_profile(available, load), weights).ok()
}

fn request_profile(waiting: &WaitingRequest) -> RequestProfile {
    RequestProfile {
        urgency: waiting.urgency,
        categories: waiting
            .category
            .map_or_else(|| suggested_categories(&waiting.signals), |c| vec![c]),
        kind: waiting.kind,
        country: waiting.country,
        languages: waiting.languages.clone(),
        excluded_providers: Vec::new(),
        offered_before: waiting.offered_before.clone(),
    }
}

fn offering_profile(offering: &AvailableOffering, load: &ProviderLoad) -> OfferingProfile {
    let (sum, count) = load.ratings;
    OfferingProfile {
        offering: offering.id,
        provider: offering.provider,
        category: offering.category,
        eligible_kinds: offering.eligible_kinds.clone(),
        regions: offering.regions.clone(),
        languages: offering.languages.clone(),
        response_hours: offering.response_hours,
        active: true,
        provider_vetted: true,
        provider_paused: false,
        capacity_left: offering.capacity_left,
        provider_engagements: load.engagements,
        feedback: (count > 0).then(|| Feedback { average_tenths: sum * 10 / count, count }),
    }
}

/// The instance of `snapshot` under `weights`.
pub fn instance_from(
    snapshot: &MatchingSnapshot,
    weights: &Weights,
) -> Result<Instance, InputError> {
    let provider_index: HashMap<ProviderId, usize> =
        snapshot.providers.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let providers: Vec<Provider> = snapshot
        .providers
        .iter()
        .map(|p| Provider {
            id: p.id.to_string(),
            capacity: p.capacity.map(|c| c.saturating_sub(p.engagements)),
            load_costs: weights.load_costs.clone(),
        })
        .collect();
    let mut offerings = Vec::new();
    let mut profiles = Vec::new();
    for offering in &snapshot.offerings {
        // Only vetted providers are in the snapshot's list; an offering of another is not offered.
        let Some(&provider) = provider_index.get(&offering.provider) else { continue };
        offerings.push(Offering {
            id: offering.id.to_string(),
            provider,
            capacity: offering.capacity_left,
        });
        profiles.push(offering_profile(offering, &snapshot.providers[provider]));
    }
    // Scoring refuses every other category first, so only the wanted ones are scored.
    let mut by_category: HashMap<ServiceCategory, Vec<usize>> = HashMap::new();
    for (o, profile) in profiles.iter().enumerate() {
        by_category.entry(profile.category).or_default().push(o);
    }
    let mut requests = Vec::with_capacity(snapshot.requests.len());
    let mut edges = Vec::new();
    for (r, waiting) in snapshot.requests.iter().enumerate() {
        requests.push(Request { id: waiting.reference.clone(), urgency: waiting.urgency });
        let profile = request_profile(waiting);
        let mut candidates: Vec<usize> = profile
            .categories
            .iter()
            .filter_map(|category| by_category.get(category))
            .flatten()
            .copied()
            .collect();
        // In offering order, so that the instance does not depend on the categories' order.
        candidates.sort_unstable();
        for o in candidates {
            if let Ok(scored) = score(&profile, &profiles[o], weights) {
                edges.push(Edge { request: r as u32, offering: o as u32, cost: scored.cost });
            }
        }
    }
    Instance::new(requests, offerings, providers, edges)
}

#[cfg(test)]
mod tests {
    use c4h_domain::ids::{OfferingId, RequestId};
    use c4h_domain::triage::Signals;
    use c4h_domain::{Country, LanguageTag, Region, RequesterKind, Urgency};
    use c4h_storage::model::{AvailableOffering, ProviderLoad, WaitingRequest};

    use super::*;

    fn waiting(
        reference: &str,
        category: Option<ServiceCategory>,
        signals: Signals,
    ) -> WaitingRequest {
        WaitingRequest {
            id: RequestId::new(),
            reference: reference.into(),
            urgency: Urgency::Critical,
            category,
            signals,
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![LanguageTag::parse("fr").unwrap()],
            offered_before: Vec::new(),
            waitlisted: false,
        }
    }

    fn available(
        name: &str,
        provider: &str,
        category: ServiceCategory,
        left: u32,
    ) -> AvailableOffering {
        AvailableOffering {
            id: OfferingId::from_name(name),
            provider: ProviderId::from_name(provider),
            category,
            eligible_kinds: vec![RequesterKind::Clinic],
            regions: vec![Region::parse("150").unwrap()],
            languages: vec![LanguageTag::parse("en").unwrap()],
            response_hours: 4,
            capacity_left: left,
        }
    }

    #[test]
    fn waiting_requests_meet_the_offerings_scoring_accepts_at_its_cost() {
        let ransomware = Signals { ransomware: true, active_incident: true, ..Signals::default() };
        let snapshot = MatchingSnapshot {
            requests: vec![
                waiting("C4H-2026-000001", None, ransomware),
                waiting(
                    "C4H-2026-000002",
                    Some(ServiceCategory::EmailSecurity),
                    Signals::default(),
                ),
            ],
            offerings: vec![
                available("recovery", "p", ServiceCategory::RansomwareRecovery, 2),
                available("mail", "p", ServiceCategory::EmailSecurity, 0),
                available("elsewhere", "unvetted", ServiceCategory::RansomwareRecovery, 5),
            ],
            providers: vec![ProviderLoad {
                id: ProviderId::from_name("p"),
                capacity: Some(5),
                engagements: 2,
                ratings: (9, 2),
            }],
        };
        let instance = instance_from(&snapshot, &Weights::default()).unwrap();
        assert_eq!(instance.requests()[0].id, "C4H-2026-000001");
        // The offering of a provider not in the list (not vetted) is left out.
        assert_eq!(instance.offerings().len(), 2);
        assert_eq!(instance.providers()[0].capacity, Some(3), "5 less 2 engagements");
        // Suggested categories let the ransomware request meet the recovery offering: no common
        // language 300, the region 40, 2 h late at 20 each, 2 engagements at 10, 4.5 stars 15.
        // The mail offering has no capacity left, so the second request meets nothing.
        assert_eq!(
            instance.edges(),
            [Edge { request: 0, offering: 0, cost: 300 + 40 + 40 + 20 + 15 }]
        );
    }
}
