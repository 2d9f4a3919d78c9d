//! Demo requests, one in every state of the lifecycle, with the offers, engagements, hours,
//! messages and feedback that their state implies.

use c4h_domain::ids::{
    EngagementId, FeedbackId, MessageId, OfferId, OfferingId, OrganisationId, ProviderId,
    RequestId, TimeEntryId,
};
use c4h_domain::triage::{PatientCare, Signals, Triage};
use c4h_domain::{EngagementState, OfferState, RequestState, ServiceCategory, Tlp, Visibility};
use c4h_storage::model::{
    NewEngagement, NewFeedback, NewMessage, NewOffer, NewRequest, NewTimeEntry, SeedData,
};
use time::{Duration, OffsetDateTime};

use super::languages;
use super::organisations::{desk, engineer};

/// What differs between the demo requests.
struct Case {
    key: &'static str,
    org: &'static str,
    state: RequestState,
    category: Option<ServiceCategory>,
    hours_ago: i64,
    description: &'static str,
}

const CASES: [Case; 11] = [
    Case {
        key: "draft",
        org: "tilleuls",
        state: RequestState::Draft,
        category: None,
        hours_ago: 1,
        description: "Brouillon : des courriels suspects arrivent au secrétariat.",
    },
    Case {
        key: "submitted",
        org: "lac",
        state: RequestState::Submitted,
        category: Some(ServiceCategory::RansomwareRecovery),
        hours_ago: 0,
        description: "Rançongiciel : les serveurs du dossier patient sont chiffrés, les admissions se font sur papier.",
    },
    Case {
        key: "triaged",
        org: "park",
        state: RequestState::Triaged,
        category: Some(ServiceCategory::AccountProtection),
        hours_ago: 5,
        description: "Mehrere Mitarbeitende haben auf einen Phishing-Link geklickt; wir wissen nicht, ob Konten übernommen wurden.",
    },
    Case {
        key: "matching",
        org: "nord",
        state: RequestState::Matching,
        category: Some(ServiceCategory::IncidentResponse),
        hours_ago: 3,
        description: "Possibile esfiltrazione di dati: traffico anomalo verso l'estero dal server dei referti.",
    },
    Case {
        key: "offered",
        org: "cardiopulse",
        state: RequestState::Offered,
        category: Some(ServiceCategory::VulnerabilityAssessment),
        hours_ago: 20,
        description: "We would like an external assessment of our exposed services before a product launch.",
    },
    Case {
        key: "engaged",
        org: "vaxora",
        state: RequestState::Engaged,
        category: Some(ServiceCategory::IncidentResponse),
        hours_ago: 30,
        description: "Un compte administrateur a été utilisé depuis l'étranger la nuit dernière.",
    },
    Case {
        key: "resolved",
        org: "sol",
        state: RequestState::Resolved,
        category: Some(ServiceCategory::AccountProtection),
        hours_ago: 120,
        description: "Alguien accedió a mi correo profesional y envió mensajes a pacientes.",
    },
    Case {
        key: "closed",
        org: "genomix",
        state: RequestState::Closed,
        category: Some(ServiceCategory::EmailSecurity),
        hours_ago: 600,
        description: "Our domain is being spoofed in phishing e-mails to partners; we need DMARC.",
    },
    Case {
        key: "declined",
        org: "borders",
        state: RequestState::Declined,
        category: None,
        hours_ago: 48,
        description: "We need a lawyer to review our data-protection contracts.",
    },
    Case {
        key: "waitlisted",
        org: "solidaire",
        state: RequestState::Waitlisted,
        category: Some(ServiceCategory::MedicalDeviceSecurity),
        hours_ago: 72,
        description: "Nos appareils d'échographie tournent sous un système ancien exposé sur le réseau.",
    },
    Case {
        key: "withdrawn",
        org: "lac",
        state: RequestState::Withdrawn,
        category: Some(ServiceCategory::SecurityAwareness),
        hours_ago: 200,
        description: "Formation du personnel à l'hameçonnage ; nous avons finalement trouvé une formation interne.",
    },
];

fn request_id(key: &str) -> RequestId {
    RequestId::from_name(key)
}

pub fn add(data: &mut SeedData, now: OffsetDateTime) {
    for (number, case) in CASES.iter().enumerate() {
        let created_at = now - Duration::hours(case.hours_ago) - Duration::minutes(20);
        let submitted = case.state != RequestState::Draft;
        let critical = case.key == "submitted";
        // The urgency and its reasons come from the signals, by the same rules as real requests.
        let active = critical || case.key == "engaged" || case.key == "matching";
        let signals = Signals {
            active_incident: active,
            ransomware: critical,
            patient_care: if critical {
                vec![PatientCare::Records, PatientCare::EmergencyIntake]
            } else {
                Vec::new()
            },
            systems_down: critical,
            data_breach: case.key == "matching",
            breach_aware_at: (case.key == "matching")
                .then(|| now - Duration::hours(case.hours_ago + 2)),
            email_compromised: case.key == "resolved",
        };
        let triage = Triage::of(&signals, case.category);
        data.requests.push(NewRequest {
            id: request_id(case.key),
            reference: format!("C4H-DEMO-{:03}", number + 1),
            organisation_id: OrganisationId::from_name(case.org),
            requester_id: desk(case.org),
            state: case.state,
            description: case.description.to_owned(),
            active_incident: signals.active_incident,
            ransomware: signals.ransomware,
            patient_care_impact: signals.patient_care.clone(),
            systems_down: signals.systems_down,
            data_breach: signals.data_breach,
            breach_aware_at: signals.breach_aware_at,
            email_compromised: signals.email_compromised,
            out_of_band_contact: (case.key == "resolved").then(|| "+34 600 000 000 (demo)".to_owned()),
            category: case.category,
            languages: languages(match case.org { "park" => &["de"], "nord" => &["it", "en"], "sol" => &["es"], "cardiopulse" | "genomix" | "borders" => &["en"], _ => &["fr"] }),
            consent_to_share: submitted,
            tlp: if critical { Tlp::Red } else { Tlp::Amber },
            urgency: submitted.then_some(triage.urgency),
            urgency_reasons: if submitted { triage.reasons } else { Vec::new() },
            offer_summary: matches!(case.key, "offered" | "engaged" | "resolved" | "closed").then(|| format!("{} request, see category and urgency.", case.org)),
            decline_reason: (case.key == "declined").then(|| "Legal advice is outside the scope of this service; we have sent you the contact of a pro bono legal network.".to_owned()),
            submitted_at: submitted.then_some(created_at + Duration::minutes(5)),
            state_changed_at: now - Duration::hours(case.hours_ago),
            created_at,
        });
    }
    add_case_work(data, now);
}

/// The offer, engagement and conversation of the requests that reached a provider.
fn add_case_work(data: &mut SeedData, now: OffsetDateTime) {
    // (request, provider, offering, offer state, engagement state)
    let held = [
        ("offered", "Vulnscope Health", "assessment", OfferState::Pending, None),
        (
            "engaged",
            "Sentinel Response Team",
            "ir",
            OfferState::Accepted,
            Some(EngagementState::Active),
        ),
        (
            "resolved",
            "Northlight Account Watch",
            "account-watch",
            OfferState::Accepted,
            Some(EngagementState::Resolved),
        ),
        (
            "closed",
            "Open Mail Trust Collective",
            "dmarc",
            OfferState::Accepted,
            Some(EngagementState::Closed),
        ),
    ];
    for (key, provider, offering, offer_state, engagement_state) in held {
        let hours_ago = CASES.iter().find(|case| case.key == key).map_or(0, |case| case.hours_ago);
        let offered_at = now - Duration::hours(hours_ago);
        let offer_id = OfferId::from_name(key);
        let offering_id = OfferingId::from_name(&format!("{provider}/{offering}"));
        let answered_at =
            (offer_state == OfferState::Accepted).then_some(offered_at + Duration::minutes(40));
        data.offers.push(NewOffer {
            id: offer_id,
            request_id: request_id(key),
            offering_id,
            state: offer_state,
            deadline_at: offered_at + Duration::hours(if key == "offered" { 72 } else { 4 }),
            decline_reason: None,
            created_at: offered_at,
            answered_at,
        });
        let (Some(state), Some(started_at)) = (engagement_state, answered_at) else { continue };
        let engagement_id = EngagementId::from_name(key);
        let finished = state != EngagementState::Active;
        data.engagements.push(NewEngagement {
            id: engagement_id,
            request_id: request_id(key),
            offer_id,
            provider_id: ProviderId::from_name(provider),
            offering_id,
            state,
            resolution_summary: finished
                .then(|| "Access revoked, credentials reset, monitoring in place.".to_owned()),
            started_at,
            resolved_at: finished.then_some(started_at + Duration::hours(20)),
            closed_at: (state == EngagementState::Closed)
                .then_some(started_at + Duration::hours(200)),
        });
        data.time_entries.push(NewTimeEntry {
            id: TimeEntryId::from_name(key),
            engagement_id,
            user_id: engineer(provider),
            minutes: 150,
            worked_on: started_at.date(),
            note: Some("Initial analysis and containment.".to_owned()),
            created_at: started_at + Duration::hours(3),
        });
        if state == EngagementState::Closed {
            for (side, author, rating) in
                [("requester", desk("genomix"), 5), ("provider", engineer(provider), 4)]
            {
                data.feedback.push(NewFeedback {
                    id: FeedbackId::from_name(&format!("{key}/{side}")),
                    engagement_id,
                    author_id: author,
                    from_requester: side == "requester",
                    rating: Some(rating),
                    comment: Some("Quick and clear help.".to_owned()),
                    created_at: started_at + Duration::hours(210),
                });
            }
        }
    }
    let engaged_at = now - Duration::hours(29);
    let conversation = [
        (
            "requester",
            Visibility::AllParties,
            Tlp::Amber,
            "Nous avons désactivé le compte administrateur ce matin.",
        ),
        (
            "provider",
            Visibility::AllParties,
            Tlp::Amber,
            "Merci. Pouvez-vous exporter les journaux de connexion des sept derniers jours ?",
        ),
        (
            "provider",
            Visibility::CoordinatorsAndProvider,
            Tlp::AmberStrict,
            "The source addresses match a known access broker.",
        ),
    ];
    for (index, (author, visibility, tlp, body)) in conversation.into_iter().enumerate() {
        data.messages.push(NewMessage {
            id: MessageId::from_name(&format!("engaged/{index}")),
            request_id: request_id("engaged"),
            author_id: Some(if author == "requester" {
                desk("vaxora")
            } else {
                engineer("Sentinel Response Team")
            }),
            is_note: false,
            visibility,
            tlp,
            body: body.to_owned(),
            created_at: engaged_at + Duration::minutes(30 * (index as i64 + 1)),
        });
    }
}
