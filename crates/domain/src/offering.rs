//! An offering as its provider writes it: the rules every field must meet, checked in one place
//! for the pages and the API alike.

use crate::{Delivery, LanguageTag, ParseError, Region, RequesterKind, ServiceCategory};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5000;
pub const CAPACITY_MAX: i64 = 10_000;
pub const RESPONSE_HOURS_MAX: i64 = 720;
/// How many languages an offering's title and description can be written in at once.
pub const TEXTS_MAX: usize = 3;

/// The title and description in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingText {
    pub language: LanguageTag,
    pub title: String,
    pub description: String,
}

/// A valid offering, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingDraft {
    pub category: ServiceCategory,
    pub delivery: Delivery,
    pub capacity: u32,
    pub response_time_hours: u32,
    pub active: bool,
    pub texts: Vec<OfferingText>,
    pub languages: Vec<LanguageTag>,
    pub regions: Vec<Region>,
    pub requester_kinds: Vec<RequesterKind>,
}

/// An offering as submitted: text, unchecked.
#[derive(Debug, Clone, Default)]
pub struct OfferingInput {
    pub category: String,
    pub delivery: String,
    pub capacity: String,
    pub response_time_hours: String,
    pub active: bool,
    /// (language, title, description); rows left entirely blank are ignored.
    pub texts: Vec<(String, String, String)>,
    pub languages: Vec<String>,
    pub regions: Vec<String>,
    pub requester_kinds: Vec<String>,
}

/// Why each field was refused, by field name (`title_1` for the first text's title).
pub type FieldErrors = Vec<(String, ParseError)>;

fn number(value: &str, min: i64, max: i64) -> Result<u32, ParseError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ParseError::Empty);
    }
    match value.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(u32::try_from(n).unwrap_or(0)),
        _ => Err(ParseError::OutOfRange { min, max }),
    }
}

fn bounded(value: &str, max: usize, required: bool) -> Result<String, ParseError> {
    let value = value.trim();
    if value.is_empty() && required {
        Err(ParseError::Empty)
    } else if value.chars().count() > max {
        Err(ParseError::TooLong { max })
    } else {
        Ok(value.chars().filter(|c| !c.is_control() || *c == '\n').collect())
    }
}

/// Parses every item of a list, de-duplicated, requiring at least one.
fn list<T: PartialEq>(
    values: &[String],
    parse: impl Fn(&str) -> Result<T, ParseError>,
) -> Result<Vec<T>, ParseError> {
    let mut parsed = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let item = parse(value)?;
        if !parsed.contains(&item) {
            parsed.push(item);
        }
    }
    if parsed.is_empty() { Err(ParseError::Empty) } else { Ok(parsed) }
}

impl OfferingDraft {
    /// Checks every field; returns all the problems at once, so a form can show them together.
    pub fn parse(input: &OfferingInput) -> Result<Self, FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let mut check = |field: &str, error: ParseError| errors.push((field.to_owned(), error));
        let category =
            ServiceCategory::parse(&input.category).map_err(|e| check("category", e)).ok();
        let delivery = Delivery::parse(&input.delivery).map_err(|e| check("delivery", e)).ok();
        let capacity =
            number(&input.capacity, 0, CAPACITY_MAX).map_err(|e| check("capacity", e)).ok();
        let response = number(&input.response_time_hours, 1, RESPONSE_HOURS_MAX)
            .map_err(|e| check("response_time_hours", e))
            .ok();
        let mut texts = Vec::new();
        for (index, (language, title, description)) in
            input.texts.iter().enumerate().take(TEXTS_MAX)
        {
            let row = index + 1;
            if language.trim().is_empty()
                && title.trim().is_empty()
                && description.trim().is_empty()
                && row > 1
            {
                continue;
            }
            let language = LanguageTag::parse(language)
                .map_err(|e| check(&format!("text_language_{row}"), e))
                .ok();
            let title =
                bounded(title, TITLE_MAX, true).map_err(|e| check(&format!("title_{row}"), e)).ok();
            let description = bounded(description, DESCRIPTION_MAX, false)
                .map_err(|e| check(&format!("description_{row}"), e))
                .ok();
            if let (Some(language), Some(title), Some(description)) = (language, title, description)
            {
                if texts.iter().any(|text: &OfferingText| text.language == language) {
                    check(&format!("text_language_{row}"), ParseError::Duplicate);
                } else {
                    texts.push(OfferingText { language, title, description });
                }
            }
        }
        if input.texts.is_empty() {
            check("title_1", ParseError::Empty);
        }
        let languages =
            list(&input.languages, LanguageTag::parse).map_err(|e| check("languages", e)).ok();
        let regions = list(&input.regions, Region::parse).map_err(|e| check("regions", e)).ok();
        let kinds = list(&input.requester_kinds, RequesterKind::parse)
            .map_err(|e| check("requester_kinds", e))
            .ok();
        match (category, delivery, capacity, response, languages, regions, kinds) {
            (
                Some(category),
                Some(delivery),
                Some(capacity),
                Some(response_time_hours),
                Some(languages),
                Some(regions),
                Some(requester_kinds),
            ) if errors.is_empty() => Ok(Self {
                category,
                delivery,
                capacity,
                response_time_hours,
                active: input.active,
                texts,
                languages,
                regions,
                requester_kinds,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OfferingInput {
        OfferingInput {
            category: "incident_response".into(),
            delivery: "remote".into(),
            capacity: "3".into(),
            response_time_hours: "4".into(),
            active: true,
            texts: vec![
                ("en".into(), "Incident response".into(), "We help.".into()),
                (String::new(), String::new(), String::new()),
            ],
            languages: vec!["en".into(), "fr".into(), "en".into()],
            regions: vec!["150".into(), "CH".into()],
            requester_kinds: vec!["hospital".into()],
        }
    }

    fn fields(result: Result<OfferingDraft, FieldErrors>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|(field, _)| field).collect()
    }

    #[test]
    fn a_complete_offering_parses_and_blank_extra_texts_are_ignored() {
        let draft = OfferingDraft::parse(&input()).unwrap();
        assert_eq!(draft.texts.len(), 1);
        assert_eq!(draft.languages.len(), 2, "duplicates collapse");
        assert_eq!(draft.regions.len(), 2);
    }

    type Spoil = dyn Fn(&mut OfferingInput);

    #[test]
    fn every_rule_of_the_issue_is_enforced_with_the_field_named() {
        let cases: [(&Spoil, &str); 8] = [
            (&|i| i.category = "hacking".into(), "category"),
            (&|i| i.capacity = "-1".into(), "capacity"),
            (&|i| i.capacity = "10001".into(), "capacity"),
            (&|i| i.capacity = "three".into(), "capacity"),
            (&|i| i.regions = vec!["XX".into()], "regions"),
            (&|i| i.texts[0].1 = "  ".into(), "title_1"),
            (&|i| i.texts[0].1 = "x".repeat(201), "title_1"),
            (&|i| i.requester_kinds = vec![], "requester_kinds"),
        ];
        for (change, field) in cases {
            let mut bad = input();
            change(&mut bad);
            assert_eq!(fields(OfferingDraft::parse(&bad)), [field]);
        }
        let mut edge = input();
        edge.capacity = "10000".into();
        edge.texts[0].1 = "x".repeat(200);
        assert!(OfferingDraft::parse(&edge).is_ok(), "the limits themselves are allowed");
    }

    #[test]
    fn several_problems_are_reported_together() {
        let mut bad = input();
        bad.delivery = "teleport".into();
        bad.response_time_hours = "0".into();
        bad.languages = vec!["klingon".into()];
        assert_eq!(
            fields(OfferingDraft::parse(&bad)),
            ["delivery", "response_time_hours", "languages"]
        );
        let error = OfferingDraft::parse(&bad).unwrap_err().remove(1).1;
        assert_eq!(error, ParseError::OutOfRange { min: 1, max: 720 });
    }
}
