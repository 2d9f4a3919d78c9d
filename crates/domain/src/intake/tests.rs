use time::macros::datetime;

use super::*;
use crate::Urgency;

const NOW: OffsetDateTime = datetime!(2026-11-29 10:00 UTC);

fn input() -> RequestInput {
    RequestInput {
        description: "Les écrans affichent une demande de rançon.".into(),
        active_incident: true,
        ransomware: true,
        patient_care: vec!["records".into(), "imaging".into()],
        languages: vec!["fr".into()],
        consent_to_share: true,
        ..RequestInput::default()
    }
}

fn fields(result: Result<RequestDraft, FieldErrors>) -> Vec<String> {
    result.unwrap_err().into_iter().map(|(field, _)| field).collect()
}

#[test]
fn a_ransomware_request_parses_with_amber_and_critical_urgency() {
    let draft = RequestDraft::parse(&input(), NOW).unwrap();
    assert_eq!(draft.tlp, Tlp::Amber, "AMBER by default");
    assert_eq!(draft.triage.urgency, Urgency::Critical);
    assert_eq!(draft.category, None, "not sure is fine");
    assert_eq!(draft.signals.patient_care, [PatientCare::Records, PatientCare::Imaging]);
}

#[test]
fn every_rule_of_the_issue_is_enforced_with_the_field_named() {
    type Spoil = dyn Fn(&mut RequestInput);
    let cases: [(&Spoil, &str, &str); 9] = [
        (&|i| i.description = "   ".into(), "description", "invalid-empty"),
        (&|i| i.description = "x".repeat(20_001), "description", "invalid-too-long"),
        (&|i| i.category = "hacking".into(), "category", "invalid-service_category"),
        (&|i| i.tlp = "purple".into(), "tlp", "invalid-tlp"),
        (&|i| i.consent_to_share = false, "consent_to_share", "invalid-required"),
        (&|i| i.languages.clear(), "languages", "invalid-empty"),
        (
            &|i| {
                i.data_breach = true;
                i.breach_aware_at = "2026-11-29T12:00".into();
            },
            "breach_aware_at",
            "invalid-in-future",
        ),
        (
            &|i| {
                i.data_breach = true;
                i.breach_aware_at = "yesterday".into();
            },
            "breach_aware_at",
            "invalid-date_time",
        ),
        (&|i| i.email_compromised = true, "out_of_band_contact", "invalid-empty"),
    ];
    for (spoil, field, key) in cases {
        let mut bad = input();
        spoil(&mut bad);
        let errors = RequestDraft::parse(&bad, NOW).unwrap_err();
        let found: Vec<_> = errors.iter().map(|(f, e)| (f.as_str(), e.message_key())).collect();
        assert_eq!(found, [(field, key.to_owned())], "{field}");
    }
    let mut edge = input();
    edge.description = "x".repeat(20_000);
    assert!(RequestDraft::parse(&edge, NOW).is_ok(), "the limit itself is allowed");
}

#[test]
fn the_awareness_time_is_read_in_the_zone_given_and_may_not_be_later_than_now() {
    let mut breach = input();
    breach.data_breach = true;
    // 11:30 in Paris (UTC+1) is 10:30 UTC: half an hour in the future.
    breach.breach_aware_at = "2026-11-29T11:30".into();
    breach.utc_offset = "60".into();
    assert_eq!(fields(RequestDraft::parse(&breach, NOW)), ["breach_aware_at"]);
    breach.breach_aware_at = "2026-11-29T10:30".into();
    let draft = RequestDraft::parse(&breach, NOW).unwrap();
    assert_eq!(draft.signals.breach_aware_at, Some(datetime!(2026-11-29 09:30 UTC)));
    breach.data_breach = false;
    let draft = RequestDraft::parse(&breach, NOW).unwrap();
    assert_eq!(draft.signals.breach_aware_at, None, "ignored without a breach");
}

#[test]
fn several_problems_are_reported_together_and_compromised_mail_needs_another_channel() {
    let mut bad = input();
    bad.description.clear();
    bad.tlp = "TLP:VIOLET".into();
    bad.consent_to_share = false;
    assert_eq!(fields(RequestDraft::parse(&bad, NOW)), ["description", "tlp", "consent_to_share"]);
    let mut mail = input();
    mail.email_compromised = true;
    mail.out_of_band_contact = "Signal +33 6 00 00 00 00".into();
    let draft = RequestDraft::parse(&mail, NOW).unwrap();
    assert_eq!(draft.out_of_band_contact.as_deref(), Some("Signal +33 6 00 00 00 00"));
    assert_eq!(draft.tlp, Tlp::Amber);
    mail.tlp = "TLP:RED".into();
    assert_eq!(RequestDraft::parse(&mail, NOW).unwrap().tlp, Tlp::Red);
}
