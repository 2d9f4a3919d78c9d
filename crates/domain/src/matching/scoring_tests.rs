//! Every hard constraint refuses with its own reason, in order; every soft term costs what its
//! weight says and names its reason.

use super::*;
use crate::triage::Signals;

fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

fn country(code: &str) -> Country {
    Country::parse(code).unwrap()
}

fn request() -> RequestProfile {
    RequestProfile {
        urgency: Urgency::Critical,
        categories: vec![ServiceCategory::RansomwareRecovery],
        kind: RequesterKind::Clinic,
        country: country("CH"),
        languages: vec![lang("fr-CH")],
        excluded_providers: vec![],
        offered_before: vec![],
    }
}

fn offering() -> OfferingProfile {
    OfferingProfile {
        offering: OfferingId::from_name("offering"),
        provider: ProviderId::from_name("provider"),
        category: ServiceCategory::RansomwareRecovery,
        eligible_kinds: vec![RequesterKind::Clinic, RequesterKind::Hospital],
        regions: vec![Region::Country(country("CH"))],
        languages: vec![lang("fr"), lang("en")],
        response_hours: 2,
        active: true,
        provider_vetted: true,
        provider_paused: false,
        capacity_left: 3,
        provider_engagements: 0,
        feedback: Some(Feedback { average_tenths: 50, count: 4 }),
    }
}

#[test]
fn a_perfect_pair_costs_nothing_and_says_why() {
    let score = score(&request(), &offering(), &Weights::default()).unwrap();
    assert_eq!(score.cost, 0);
    let reasons: Vec<Reason> = score.terms.into_iter().map(|t| t.reason).collect();
    assert_eq!(
        reasons,
        [
            Reason::SpeaksLanguage(lang("fr-CH")),
            Reason::ServesCountry(country("CH")),
            Reason::AnswersWithin { hours: 2 },
            Reason::Engagements { count: 0 },
            Reason::Feedback { average_tenths: 50, count: 4 },
        ]
    );
}

#[test]
fn each_hard_constraint_refuses_with_its_reason_in_order() {
    let weights = Weights::default();
    type Spoil = fn(&mut RequestProfile, &mut OfferingProfile);
    let cases: [(Spoil, Ineligible); 9] = [
        (|_, o| o.category = ServiceCategory::CyberExercise, Ineligible::OtherCategory),
        (|r, _| r.kind = RequesterKind::Laboratory, Ineligible::RequesterKindNotServed),
        (
            |_, o| o.regions = vec![Region::Country(Country::parse("FR").unwrap())],
            Ineligible::CountryNotServed,
        ),
        (|_, o| o.active = false, Ineligible::OfferingInactive),
        (|_, o| o.provider_vetted = false, Ineligible::ProviderNotVetted),
        (|_, o| o.provider_paused = true, Ineligible::ProviderPaused),
        (|_, o| o.capacity_left = 0, Ineligible::NoCapacityLeft),
        (|r, o| r.excluded_providers.push(o.provider), Ineligible::ExcludedByRequester),
        (|r, o| r.offered_before.push(o.offering), Ineligible::OfferedBefore),
    ];
    for (spoil, why) in cases {
        let (mut r, mut o) = (request(), offering());
        spoil(&mut r, &mut o);
        assert_eq!(score(&r, &o, &weights), Err(why));
    }
    // Two broken at once: the earlier one is named.
    let (r, mut o) = (request(), offering());
    o.active = false;
    o.capacity_left = 0;
    assert_eq!(score(&r, &o, &weights), Err(Ineligible::OfferingInactive));
}

#[test]
fn each_soft_term_costs_what_its_weight_says() {
    let weights = Weights::default();
    let cost_with = |tune: fn(&mut RequestProfile, &mut OfferingProfile)| {
        let (mut r, mut o) = (request(), offering());
        tune(&mut r, &mut o);
        score(&r, &o, &weights).unwrap()
    };
    let no_language = cost_with(|_, o| o.languages = vec![lang("de")]);
    assert_eq!((no_language.cost, &no_language.terms[0].reason), (300, &Reason::NoCommonLanguage));
    // CH is in Europe (150): the region costs 40, the world 100.
    let region = cost_with(|_, o| o.regions = vec![Region::parse("150").unwrap()]);
    assert_eq!(
        (region.cost, &region.terms[1].reason),
        (40, &Reason::ServesRegion(M49Region::parse("150").unwrap()))
    );
    let world = cost_with(|_, o| o.regions = vec![Region::parse("001").unwrap()]);
    assert_eq!((world.cost, &world.terms[1].reason), (100, &Reason::ServesWorld));
    // Critical wants 2 h: 8 h is 6 hours late at 20 points each; for a low request, free.
    let late = cost_with(|_, o| o.response_hours = 8);
    assert_eq!(
        (late.cost, &late.terms[2].reason),
        (120, &Reason::SlowerThanWanted { hours: 8, wanted: 2 })
    );
    assert_eq!(
        cost_with(|r, o| {
            r.urgency = Urgency::Low;
            o.response_hours = 72;
        })
        .cost,
        0
    );
    assert_eq!(cost_with(|_, o| o.provider_engagements = 4).cost, 40);
    assert_eq!(
        cost_with(|_, o| o.feedback = Some(Feedback { average_tenths: 35, count: 2 })).cost,
        45
    );
    assert_eq!(cost_with(|_, o| o.feedback = None).cost, 45, "no feedback counts as 3.5 stars");
    // Everything wrong at once still fits the exchange format's bound.
    let heavy = Weights { no_common_language: u32::MAX, ..Weights::default() };
    let (r, mut o) = (request(), offering());
    o.languages.clear();
    assert_eq!(score(&r, &o, &heavy).unwrap().cost, 1_000_000);
}

#[test]
fn signals_suggest_categories_when_the_requester_is_not_sure() {
    use ServiceCategory as C;
    let ransomware = Signals { ransomware: true, active_incident: true, ..Signals::default() };
    assert_eq!(
        suggested_categories(&ransomware),
        [C::RansomwareRecovery, C::IncidentResponse, C::DigitalForensics]
    );
    let mail = Signals { email_compromised: true, ..Signals::default() };
    assert_eq!(suggested_categories(&mail), [C::EmailSecurity, C::AccountProtection]);
    assert_eq!(suggested_categories(&Signals::default()), [C::SecurityAdvisory]);
}
