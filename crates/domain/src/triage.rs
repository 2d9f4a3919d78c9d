//! Triage: how urgent a request is, computed from its incident signals, with the reasons a
//! coordinator reads; and the regulatory clocks a data breach starts.
//!
//! The rules (PRODUCT.md, Urgency):
//! - critical: an active incident that affects patient care, or ransomware spreading now;
//! - high: an active incident without patient-care impact, or a data breach;
//! - medium: a suspected compromise (ransomware found but not spreading, e-mail compromised,
//!   systems down, patient care affected without an active incident), or an urgent hardening
//!   need (help asked in a category that responds to attacks);
//! - low: preventive help (training, assessment, advice), or nothing said.
//!
//! Every rule that fires adds its reason; the urgency is that of the most urgent reason.

use time::{Duration, OffsetDateTime};

use crate::codes::code_enum;
use crate::{ServiceCategory, Urgency, ValueKind};

code_enum!(
    /// What in patient care an incident affects.
    PatientCare, ValueKind::State, {
        Records => "records",
        Imaging => "imaging",
        Lab => "lab",
        Pharmacy => "pharmacy",
        MedicalDevices => "medical_devices",
        EmergencyIntake => "emergency_intake",
    }
);

/// What the requester says is happening.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    pub active_incident: bool,
    pub ransomware: bool,
    pub patient_care: Vec<PatientCare>,
    pub systems_down: bool,
    pub data_breach: bool,
    pub breach_aware_at: Option<OffsetDateTime>,
    pub email_compromised: bool,
}

code_enum!(
    /// Why a request got its urgency; each is explained to coordinators in their language.
    UrgencyReason, ValueKind::State, {
        /// Active incident and patient care affected.
        PatientCareAffected => "patient_care_affected",
        /// Ransomware, and the incident is active.
        RansomwareSpreading => "ransomware_spreading",
        ActiveIncident => "active_incident",
        DataBreach => "data_breach",
        RansomwareFound => "ransomware_found",
        EmailCompromised => "email_compromised",
        SystemsDown => "systems_down",
        /// Patient care affected, but no active incident reported.
        PatientCareAtRisk => "patient_care_at_risk",
        /// Help asked in a category that responds to an attack.
        ResponseHelpAsked => "response_help_asked",
        /// None of the above: preventive help.
        Preventive => "preventive",
    }
);

impl UrgencyReason {
    /// The urgency this reason alone calls for.
    pub fn urgency(self) -> Urgency {
        match self {
            Self::PatientCareAffected | Self::RansomwareSpreading => Urgency::Critical,
            Self::ActiveIncident | Self::DataBreach => Urgency::High,
            Self::RansomwareFound
            | Self::EmailCompromised
            | Self::SystemsDown
            | Self::PatientCareAtRisk
            | Self::ResponseHelpAsked => Urgency::Medium,
            Self::Preventive => Urgency::Low,
        }
    }
}

/// The categories in which asking for help means an attack is being dealt with.
const RESPONSE_CATEGORIES: [ServiceCategory; 5] = [
    ServiceCategory::IncidentResponse,
    ServiceCategory::DigitalForensics,
    ServiceCategory::RansomwareRecovery,
    ServiceCategory::AccountProtection,
    ServiceCategory::MedicalDeviceSecurity,
];

/// A computed urgency and every reason behind it, most urgent first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub urgency: Urgency,
    pub reasons: Vec<UrgencyReason>,
}

impl Triage {
    pub fn of(signals: &Signals, category: Option<ServiceCategory>) -> Self {
        use UrgencyReason as R;
        let mut reasons = Vec::new();
        let care = !signals.patient_care.is_empty();
        if signals.active_incident && care {
            reasons.push(R::PatientCareAffected);
        }
        if signals.active_incident && signals.ransomware {
            reasons.push(R::RansomwareSpreading);
        }
        if signals.active_incident && !care && !signals.ransomware {
            reasons.push(R::ActiveIncident);
        }
        if signals.data_breach {
            reasons.push(R::DataBreach);
        }
        if signals.ransomware && !signals.active_incident {
            reasons.push(R::RansomwareFound);
        }
        if care && !signals.active_incident {
            reasons.push(R::PatientCareAtRisk);
        }
        if signals.email_compromised {
            reasons.push(R::EmailCompromised);
        }
        if signals.systems_down {
            reasons.push(R::SystemsDown);
        }
        if category.is_some_and(|c| RESPONSE_CATEGORIES.contains(&c)) && reasons.is_empty() {
            reasons.push(R::ResponseHelpAsked);
        }
        if reasons.is_empty() {
            reasons.push(R::Preventive);
        }
        // `Urgency` is declared most urgent first, so the smallest is the most urgent.
        reasons.sort_by_key(|reason| reason.urgency());
        let urgency = reasons[0].urgency();
        Self { urgency, reasons }
    }
}

/// How soon a coordinator aims to answer a request of this urgency: what the requester is told
/// to expect.
pub fn first_answer_within(urgency: Urgency) -> Duration {
    match urgency {
        Urgency::Critical => Duration::hours(1),
        Urgency::High => Duration::hours(4),
        Urgency::Medium => Duration::hours(24),
        Urgency::Low => Duration::hours(72),
    }
}

code_enum!(
    /// A notification duty with a deadline.
    Duty, ValueKind::State, {
        /// GDPR art. 33: notify the supervisory authority within 72 hours of awareness.
        GdprNotification => "gdpr_notification",
        /// NIS2 art. 23: early warning to the CSIRT or authority within 24 hours.
        Nis2EarlyWarning => "nis2_early_warning",
        /// NIS2 art. 23: incident notification within 72 hours.
        Nis2Notification => "nis2_notification",
    }
);

/// One regulatory clock on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub duty: Duty,
    pub due: OffsetDateTime,
}

impl Deadline {
    /// Time left at `now` (negative when overdue).
    pub fn remaining(&self, now: OffsetDateTime) -> Duration {
        self.due - now
    }
}

/// The clocks a breach starts: GDPR for everyone, NIS2 for organisations in its scope; none
/// without a breach or without the moment the organisation became aware of it.
pub fn regulatory_deadlines(signals: &Signals, nis2_in_scope: bool) -> Vec<Deadline> {
    let Some(aware) = signals.breach_aware_at.filter(|_| signals.data_breach) else {
        return Vec::new();
    };
    let mut deadlines = Vec::new();
    if nis2_in_scope {
        deadlines.push(Deadline { duty: Duty::Nis2EarlyWarning, due: aware + Duration::hours(24) });
    }
    deadlines.push(Deadline { duty: Duty::GdprNotification, due: aware + Duration::hours(72) });
    if nis2_in_scope {
        deadlines.push(Deadline { duty: Duty::Nis2Notification, due: aware + Duration::hours(72) });
    }
    deadlines
}

#[cfg(test)]
mod tests;
