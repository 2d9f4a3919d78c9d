//! The matching exchange format of MATCHING.md, read and written as JSON, so that anyone can
//! check an assignment with an independent solver.
//!
//! Guarantees: unknown fields are refused; a number that is not a whole number, or is out of
//! range, is an error naming its item (as are all the domain's rules, see
//! `c4h_domain::matching::instance`); what is written is exactly the documented output.

use c4h_domain::Urgency;
use c4h_domain::matching::{
    Assignment, EdgeInput, InputError, Instance, InstanceInput, OfferingInput, ProviderInput,
    RequestInput,
};
use serde::{Deserialize, Serialize};
use serde_json::Number;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputFile {
    requests: Vec<RequestItem>,
    offerings: Vec<OfferingItem>,
    providers: Vec<ProviderItem>,
    edges: Vec<EdgeItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestItem {
    id: String,
    urgency: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferingItem {
    id: String,
    provider: String,
    capacity: Number,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderItem {
    id: String,
    #[serde(default)]
    capacity: Option<Number>,
    #[serde(default)]
    load_costs: Option<Vec<Number>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeItem {
    request: String,
    offering: String,
    cost: Number,
}

/// Why an input file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("not the exchange format: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{item}: {field} must be a whole number, not {value}")]
    NotWhole { item: String, field: &'static str, value: Number },
    #[error(transparent)]
    Input(#[from] InputError),
}

fn whole(
    number: &Number,
    item: impl FnOnce() -> String,
    field: &'static str,
) -> Result<i64, ExchangeError> {
    match (number.as_i64(), number.as_u64()) {
        (Some(value), _) => Ok(value),
        // Larger than any bound: let the domain say so with the bound.
        (None, Some(_)) => Ok(i64::MAX),
        (None, None) => Err(ExchangeError::NotWhole { item: item(), field, value: number.clone() }),
    }
}

/// Reads an instance from the exchange format's JSON.
pub fn read_instance(json: &[u8]) -> Result<Instance, ExchangeError> {
    let file: InputFile = serde_json::from_slice(json)?;
    let mut input = InstanceInput {
        requests: file
            .requests
            .into_iter()
            .map(|r| RequestInput { id: r.id, urgency: r.urgency })
            .collect(),
        ..InstanceInput::default()
    };
    for (index, o) in file.offerings.into_iter().enumerate() {
        let capacity = whole(&o.capacity, || format!("offerings[{index}] ({})", o.id), "capacity")?;
        input.offerings.push(OfferingInput { id: o.id, provider: o.provider, capacity });
    }
    for (index, p) in file.providers.into_iter().enumerate() {
        let item = || format!("providers[{index}] ({})", p.id);
        let capacity = p.capacity.as_ref().map(|c| whole(c, item, "capacity")).transpose()?;
        let load_costs = p
            .load_costs
            .unwrap_or_default()
            .iter()
            .map(|c| whole(c, item, "a load cost"))
            .collect::<Result<_, _>>()?;
        input.providers.push(ProviderInput { id: p.id, capacity, load_costs });
    }
    for (index, e) in file.edges.into_iter().enumerate() {
        let cost = whole(&e.cost, || format!("edges[{index}]"), "cost")?;
        input.edges.push(EdgeInput { request: e.request, offering: e.offering, cost });
    }
    Ok(Instance::parse(&input)?)
}

#[derive(Debug, Serialize)]
struct InstanceOut<'a> {
    requests: Vec<RequestOut<'a>>,
    offerings: Vec<OfferingOut<'a>>,
    providers: Vec<ProviderOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

#[derive(Debug, Serialize)]
struct RequestOut<'a> {
    id: &'a str,
    urgency: &'static str,
}

#[derive(Debug, Serialize)]
struct OfferingOut<'a> {
    id: &'a str,
    provider: &'a str,
    capacity: u32,
}

#[derive(Debug, Serialize)]
struct ProviderOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity: Option<u32>,
    load_costs: &'a [u32],
}

#[derive(Debug, Serialize)]
struct EdgeOut<'a> {
    request: &'a str,
    offering: &'a str,
    cost: u32,
}

/// Writes `instance` in the exchange format's input JSON (what `read_instance` reads back).
pub fn write_instance(instance: &Instance) -> String {
    let requests = instance.requests();
    let offerings = instance.offerings();
    let providers = instance.providers();
    let out = InstanceOut {
        requests: requests
            .iter()
            .map(|r| RequestOut { id: &r.id, urgency: r.urgency.as_str() })
            .collect(),
        offerings: offerings
            .iter()
            .map(|o| OfferingOut {
                id: &o.id,
                provider: &providers[o.provider].id,
                capacity: o.capacity,
            })
            .collect(),
        providers: providers
            .iter()
            .map(|p| ProviderOut { id: &p.id, capacity: p.capacity, load_costs: &p.load_costs })
            .collect(),
        edges: instance
            .edges()
            .iter()
            .map(|e| EdgeOut {
                request: &requests[e.request as usize].id,
                offering: &offerings[e.offering as usize].id,
                cost: e.cost,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| unreachable!("plain data serialises"))
}

#[derive(Debug, Serialize)]
struct OutputFile<'a> {
    assignments: Vec<Pair<'a>>,
    matched: Matched,
    cost: u64,
    /// Only with `--explain`: each assignment's reasons, from the database.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanations: Option<&'a [Explanation]>,
}

/// Why one assigned pair costs what it does: each scoring term's code, value and cost, or
/// nothing when the database no longer has the pair (the request moved on meanwhile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub request: String,
    pub offering: String,
    pub reasons: Vec<ExplainedReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedReason {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub cost: u32,
}

#[derive(Debug, Serialize)]
struct Pair<'a> {
    request: &'a str,
    offering: &'a str,
}

#[derive(Debug, Serialize)]
struct Matched {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

/// Writes an assignment of `instance` in the exchange format's output JSON, with
/// `explanations` when given (`c4h match solve --explain`).
pub fn write_assignment(
    instance: &Instance,
    assignment: &Assignment,
    explanations: Option<&[Explanation]>,
) -> String {
    let [critical, high, medium, low] = assignment.matched;
    debug_assert_eq!(Urgency::ALL[0], Urgency::Critical, "matched counts follow Urgency::ALL");
    let output = OutputFile {
        assignments: assignment
            .pairs
            .iter()
            .map(|&(r, o)| Pair {
                request: &instance.requests()[r].id,
                offering: &instance.offerings()[o].id,
            })
            .collect(),
        matched: Matched { critical, high, medium, low },
        cost: assignment.cost,
        explanations,
    };
    serde_json::to_string_pretty(&output).unwrap_or_else(|_| unreachable!("plain data serialises"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "requests":  [{"id": "r1", "urgency": "critical"}],
      "offerings": [{"id": "o1", "provider": "p1", "capacity": 2}],
      "providers": [{"id": "p1", "capacity": 3, "load_costs": [0, 5, 12]}],
      "edges":     [{"request": "r1", "offering": "o1", "cost": 17}]
    }"#;

    #[test]
    fn the_documented_example_gives_the_documented_output() {
        let instance = read_instance(EXAMPLE.as_bytes()).unwrap();
        let written = write_assignment(&instance, &c4h_domain::matching::solve(&instance), None);
        let value: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "assignments": [{"request": "r1", "offering": "o1"}],
                "matched": {"critical": 1, "high": 0, "medium": 0, "low": 0},
                "cost": 17
            })
        );
    }

    #[test]
    fn explanations_are_added_only_when_asked_for() {
        let instance = read_instance(EXAMPLE.as_bytes()).unwrap();
        let solved = c4h_domain::matching::solve(&instance);
        let plain: serde_json::Value =
            serde_json::from_str(&write_assignment(&instance, &solved, None)).unwrap();
        assert!(plain.get("explanations").is_none());
        let why = [Explanation {
            request: "r1".into(),
            offering: "o1".into(),
            reasons: vec![
                ExplainedReason { code: "speaks_language", value: Some("fr".into()), cost: 0 },
                ExplainedReason { code: "serves_world", value: None, cost: 100 },
            ],
        }];
        let explained: serde_json::Value =
            serde_json::from_str(&write_assignment(&instance, &solved, Some(&why))).unwrap();
        assert_eq!(
            explained["explanations"],
            serde_json::json!([{"request": "r1", "offering": "o1", "reasons": [
                {"code": "speaks_language", "value": "fr", "cost": 0},
                {"code": "serves_world", "cost": 100}
            ]}])
        );
    }

    #[test]
    fn a_written_instance_reads_back_the_same() {
        let instance = read_instance(EXAMPLE.as_bytes()).unwrap();
        assert_eq!(read_instance(write_instance(&instance).as_bytes()).unwrap(), instance);
    }

    #[test]
    fn bad_numbers_and_unknown_fields_are_refused_by_name() {
        let cases = [
            (
                EXAMPLE.replace("\"cost\": 17", "\"cost\": 17.5"),
                "edges[0]: cost must be a whole number, not 17.5",
            ),
            (
                EXAMPLE.replace("\"cost\": 17", "\"cost\": -4"),
                "edges[0]: cost must be a whole number from 0 to 1000000, not -4",
            ),
            (
                EXAMPLE.replace("\"capacity\": 2", "\"capacity\": 2e40"),
                "offerings[0] (o1): capacity must be a whole number, not 2e+40",
            ),
            (
                EXAMPLE.replace("[0, 5, 12]", "[0, 12, 5]"),
                "providers[0] (p1): load_costs must not decrease, but 12 is followed by 5",
            ),
            (
                EXAMPLE.replace(
                    "\"urgency\": \"critical\"",
                    "\"urgency\": \"critical\", \"name\": \"x\"",
                ),
                "not the exchange format: unknown field `name`",
            ),
        ];
        for (json, message) in cases {
            let error = read_instance(json.as_bytes()).unwrap_err().to_string();
            assert!(error.starts_with(message), "{error}");
        }
    }
}
