//! A request for help as the requester writes it: every rule checked in one place, for the form
//! and the API alike, with all problems reported at once by field.
//!
//! `now` is a parameter (the domain reads no clock): an awareness time after it is refused.

use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::offering::FieldErrors;
use crate::triage::{PatientCare, Signals, Triage};
use crate::{LanguageTag, ParseError, ServiceCategory, Tlp, ValueKind};

pub const DESCRIPTION_MAX: usize = 20_000;
pub const CONTACT_MAX: usize = 200;

/// A request as submitted: text and ticks, unchecked.
#[derive(Debug, Clone, Default)]
pub struct RequestInput {
    pub description: String,
    pub active_incident: bool,
    pub ransomware: bool,
    pub patient_care: Vec<String>,
    pub systems_down: bool,
    pub data_breach: bool,
    /// `YYYY-MM-DDTHH:MM` as a `datetime-local` input sends it, in the zone of `utc_offset`.
    pub breach_aware_at: String,
    /// Minutes east of UTC, as the form's zone list sends it; empty means UTC.
    pub utc_offset: String,
    pub email_compromised: bool,
    pub out_of_band_contact: String,
    /// A category code, or empty or `not_sure`.
    pub category: String,
    pub languages: Vec<String>,
    pub consent_to_share: bool,
    /// A TLP marking; empty means AMBER.
    pub tlp: String,
}

/// A valid request, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDraft {
    pub description: String,
    pub signals: Signals,
    pub out_of_band_contact: Option<String>,
    pub category: Option<ServiceCategory>,
    pub languages: Vec<LanguageTag>,
    pub tlp: Tlp,
    pub triage: Triage,
}

fn text(value: &str, max: usize) -> Result<String, ParseError> {
    let value = value.trim();
    if value.is_empty() {
        Err(ParseError::Empty)
    } else if value.chars().count() > max {
        Err(ParseError::TooLong { max })
    } else {
        Ok(value.chars().filter(|c| !c.is_control() || *c == '\n').collect())
    }
}

/// The instant a `datetime-local` value names in the zone `offset_minutes` east of UTC.
fn instant(value: &str, offset_minutes: &str) -> Result<OffsetDateTime, ParseError> {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = PrimitiveDateTime::parse(value.trim(), format)
        .or_else(|_| {
            let with_seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
            PrimitiveDateTime::parse(value.trim(), with_seconds)
        })
        .map_err(|_| ParseError::malformed(ValueKind::DateTime, value))?;
    let minutes: i32 = match offset_minutes.trim() {
        "" => 0,
        other => other.parse().map_err(|_| ParseError::malformed(ValueKind::DateTime, other))?,
    };
    let offset = UtcOffset::from_whole_seconds(minutes.saturating_mul(60))
        .map_err(|_| ParseError::malformed(ValueKind::DateTime, offset_minutes))?;
    Ok(local.assume_offset(offset).to_offset(UtcOffset::UTC))
}

impl RequestDraft {
    /// Checks every field against the rules, at `now`.
    pub fn parse(input: &RequestInput, now: OffsetDateTime) -> Result<Self, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let mut check = |field: &str, error: ParseError| errors.push((field.to_owned(), error));
        let description =
            text(&input.description, DESCRIPTION_MAX).map_err(|e| check("description", e)).ok();
        let mut patient_care = Vec::new();
        for code in input.patient_care.iter().filter(|c| !c.trim().is_empty()) {
            match PatientCare::parse(code) {
                Ok(care) if !patient_care.contains(&care) => patient_care.push(care),
                Ok(_) => {}
                Err(error) => check("patient_care", error),
            }
        }
        // When the organisation became aware: needed for the regulatory clocks, never later
        // than now (a minute of grace for clocks that disagree).
        let breach_aware_at = match (input.data_breach, input.breach_aware_at.trim()) {
            (false, _) => None,
            (true, "") => {
                check("breach_aware_at", ParseError::Empty);
                None
            }
            (true, value) => match instant(value, &input.utc_offset) {
                Ok(at) if at > now + Duration::minutes(1) => {
                    check("breach_aware_at", ParseError::InFuture);
                    None
                }
                Ok(at) => Some(at),
                Err(error) => {
                    check("breach_aware_at", error);
                    None
                }
            },
        };
        let out_of_band_contact = if input.email_compromised {
            text(&input.out_of_band_contact, CONTACT_MAX)
                .map_err(|e| check("out_of_band_contact", e))
                .ok()
        } else {
            None
        };
        let category = match input.category.trim() {
            "" | "not_sure" => Ok(None),
            code => ServiceCategory::parse(code).map(Some),
        }
        .map_err(|e| check("category", e))
        .ok()
        .flatten();
        let mut languages = Vec::new();
        for tag in input.languages.iter().filter(|t| !t.trim().is_empty()) {
            match LanguageTag::parse(tag) {
                Ok(tag) if !languages.contains(&tag) => languages.push(tag),
                Ok(_) => {}
                Err(error) => check("languages", error),
            }
        }
        if languages.is_empty() && !input.languages.iter().any(|t| !t.trim().is_empty()) {
            check("languages", ParseError::Empty);
        }
        let tlp = match input.tlp.trim() {
            "" => Ok(Tlp::DEFAULT),
            value => Tlp::parse_lenient(value),
        }
        .map_err(|e| check("tlp", e))
        .ok();
        if !input.consent_to_share {
            check("consent_to_share", ParseError::Required);
        }
        let (Some(description), Some(tlp), true) = (description, tlp, errors.is_empty()) else {
            return Err(errors);
        };
        let signals = Signals {
            active_incident: input.active_incident,
            ransomware: input.ransomware,
            patient_care,
            systems_down: input.systems_down,
            data_breach: input.data_breach,
            breach_aware_at,
            email_compromised: input.email_compromised,
        };
        let triage = Triage::of(&signals, category);
        Ok(Self { description, signals, out_of_band_contact, category, languages, tlp, triage })
    }
}

#[cfg(test)]
mod tests;
