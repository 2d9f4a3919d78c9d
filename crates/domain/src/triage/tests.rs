use time::macros::datetime;

use super::*;

fn signals() -> Signals {
    Signals::default()
}

fn triage(signals: &Signals) -> (Urgency, Vec<&'static str>) {
    let triage = Triage::of(signals, None);
    (triage.urgency, triage.reasons.iter().map(|r| r.as_str()).collect())
}

#[test]
fn an_active_incident_that_affects_patient_care_is_critical() {
    for care in PatientCare::ALL {
        let s = Signals { active_incident: true, patient_care: vec![*care], ..signals() };
        assert_eq!(triage(&s), (Urgency::Critical, vec!["patient_care_affected"]), "{care}");
    }
}

#[test]
fn ransomware_spreading_now_is_critical_even_without_patient_impact() {
    let s = Signals { active_incident: true, ransomware: true, ..signals() };
    assert_eq!(triage(&s), (Urgency::Critical, vec!["ransomware_spreading"]));
    let both = Signals { patient_care: vec![PatientCare::Lab], systems_down: true, ..s };
    assert_eq!(
        triage(&both),
        (Urgency::Critical, vec!["patient_care_affected", "ransomware_spreading", "systems_down"]),
        "every reason is listed, most urgent first"
    );
}

#[test]
fn an_active_incident_without_patient_impact_or_a_breach_is_high() {
    let s = Signals { active_incident: true, ..signals() };
    assert_eq!(triage(&s), (Urgency::High, vec!["active_incident"]));
    let breach = Signals { data_breach: true, ..signals() };
    assert_eq!(triage(&breach), (Urgency::High, vec!["data_breach"]));
}

#[test]
fn a_suspected_compromise_is_medium() {
    let cases = [
        (Signals { ransomware: true, ..signals() }, "ransomware_found"),
        (Signals { email_compromised: true, ..signals() }, "email_compromised"),
        (Signals { systems_down: true, ..signals() }, "systems_down"),
        (
            Signals { patient_care: vec![PatientCare::Pharmacy], ..signals() },
            "patient_care_at_risk",
        ),
    ];
    for (s, reason) in cases {
        assert_eq!(triage(&s), (Urgency::Medium, vec![reason]));
    }
    let asked = Triage::of(&signals(), Some(ServiceCategory::IncidentResponse));
    assert_eq!(
        (asked.urgency, asked.reasons),
        (Urgency::Medium, vec![UrgencyReason::ResponseHelpAsked])
    );
}

#[test]
fn preventive_help_is_low() {
    for category in
        [None, Some(ServiceCategory::SecurityAwareness), Some(ServiceCategory::PenetrationTesting)]
    {
        let t = Triage::of(&signals(), category);
        assert_eq!((t.urgency, t.reasons), (Urgency::Low, vec![UrgencyReason::Preventive]));
    }
}

#[test]
fn the_category_never_lowers_what_the_signals_say() {
    let s = Signals { active_incident: true, ransomware: true, ..signals() };
    assert_eq!(Triage::of(&s, Some(ServiceCategory::SecurityAwareness)).urgency, Urgency::Critical);
}

#[test]
fn a_breach_starts_gdpr_and_for_nis2_entities_both_nis2_clocks() {
    let aware = datetime!(2026-11-29 08:00 UTC);
    let s = Signals { data_breach: true, breach_aware_at: Some(aware), ..signals() };
    let gdpr = regulatory_deadlines(&s, false);
    assert_eq!(
        gdpr,
        [Deadline { duty: Duty::GdprNotification, due: datetime!(2026-12-02 08:00 UTC) }]
    );
    let nis2: Vec<_> = regulatory_deadlines(&s, true).iter().map(|d| (d.duty, d.due)).collect();
    assert_eq!(
        nis2,
        [
            (Duty::Nis2EarlyWarning, datetime!(2026-11-30 08:00 UTC)),
            (Duty::GdprNotification, datetime!(2026-12-02 08:00 UTC)),
            (Duty::Nis2Notification, datetime!(2026-12-02 08:00 UTC)),
        ]
    );
    assert_eq!(nis2.len(), 3);
    assert!(regulatory_deadlines(&Signals { data_breach: false, ..s.clone() }, true).is_empty());
    assert!(regulatory_deadlines(&Signals { breach_aware_at: None, ..s.clone() }, true).is_empty());
    let late = regulatory_deadlines(&s, false)[0].remaining(datetime!(2026-12-02 09:00 UTC));
    assert_eq!(late, Duration::hours(-1), "overdue shows as negative");
}
