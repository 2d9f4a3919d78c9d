//! The matching settings: offer deadlines, auto-offer, the critical escalation and the weights.
//!
//! Each parser takes the setting's text and says what is wrong in words an operator reads;
//! `docs/configuration.md` and `docs/matching.md` describe the same formats.

use c4h_domain::Urgency;
use c4h_domain::matching::scoring::Weights;
use c4h_domain::offer_flow::OfferDeadlines;
use time::Duration;

/// How the engine sends offers and whom it tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchingSettings {
    pub deadlines: OfferDeadlines,
    /// In `Urgency::ALL` order: whether the engine sends the best offer at once when a request of
    /// that urgency enters matching (otherwise a coordinator sends the proposed one).
    pub auto_offer: [bool; 4],
    /// How long a critical request may wait, from entering matching, without an engagement
    /// before every coordinator is told.
    pub escalate_critical_after: Duration,
    pub weights: Weights,
}

impl Default for MatchingSettings {
    fn default() -> Self {
        Self {
            deadlines: OfferDeadlines::default(),
            auto_offer: [true; 4],
            escalate_critical_after: Duration::hours(2),
            weights: Weights::default(),
        }
    }
}

impl MatchingSettings {
    /// Whether the engine offers requests of `urgency` at once.
    pub fn auto_offers(&self, urgency: Urgency) -> bool {
        Urgency::ALL.iter().position(|&u| u == urgency).is_some_and(|i| self.auto_offer[i])
    }
}

/// A duration such as `30m`, `4h` or `3d`, from one minute to 30 days.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let wrong = || format!("{value:?} is not a duration such as 30m, 4h or 3d");
    let split = value.find(|c: char| !c.is_ascii_digit()).ok_or_else(wrong)?;
    let (number, unit) = value.split_at(split);
    let number: i64 = number.parse().map_err(|_| wrong())?;
    let duration = match unit {
        "m" | "min" => Duration::minutes(number),
        "h" => Duration::hours(number),
        "d" => Duration::days(number),
        _ => return Err(wrong()),
    };
    if duration < Duration::minutes(1) || duration > Duration::days(30) {
        return Err(format!("{value:?} is not between 1 minute and 30 days"));
    }
    Ok(duration)
}

/// Four durations, critical first: `1h,4h,24h,72h`.
pub fn parse_deadlines(value: &str) -> Result<OfferDeadlines, String> {
    let parts: Vec<&str> = value.split(',').collect();
    if parts.len() != 4 {
        return Err(format!(
            "{value:?} is not four durations for critical, high, medium and low, such as 1h,4h,24h,72h"
        ));
    }
    let mut by_urgency = [Duration::ZERO; 4];
    for (slot, part) in by_urgency.iter_mut().zip(parts) {
        *slot = parse_duration(part)?;
    }
    Ok(OfferDeadlines { by_urgency })
}

/// Urgencies separated by commas (`critical,high`), or `none`.
pub fn parse_auto_offer(value: &str) -> Result<[bool; 4], String> {
    let mut chosen = [false; 4];
    let value = value.trim();
    if value == "none" {
        return Ok(chosen);
    }
    for part in value.split(',') {
        let urgency = Urgency::parse(part.trim()).map_err(|_| {
            format!("{:?} is not critical, high, medium or low (or none)", part.trim())
        })?;
        let index = Urgency::ALL.iter().position(|&u| u == urgency).unwrap_or(3);
        chosen[index] = true;
    }
    Ok(chosen)
}

/// Changes to the default weights: `name=points` pairs separated by commas; `load_costs` takes
/// points separated by `/` (`load_costs=0/10/20/40`); empty keeps the defaults.
pub fn parse_weights(value: &str) -> Result<Weights, String> {
    let mut weights = Weights::default();
    let points = |name: &str, text: &str| -> Result<u32, String> {
        match text.trim().parse::<u32>() {
            Ok(n) if n <= 10_000 => Ok(n),
            _ => Err(format!("{name}: {text:?} is not a whole number of points from 0 to 10000")),
        }
    };
    for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, text) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not name=points, such as per_engagement=10"))?;
        let name = name.trim();
        let late = |urgency: usize, weights: &mut Weights| -> Result<(), String> {
            weights.per_hour_late[urgency] = points(name, text)?;
            Ok(())
        };
        match name {
            "no_common_language" => weights.no_common_language = points(name, text)?,
            "region_not_country" => weights.region_not_country = points(name, text)?,
            "world_not_region" => weights.world_not_region = points(name, text)?,
            "per_hour_late_critical" => late(0, &mut weights)?,
            "per_hour_late_high" => late(1, &mut weights)?,
            "per_hour_late_medium" => late(2, &mut weights)?,
            "per_hour_late_low" => late(3, &mut weights)?,
            "per_engagement" => weights.per_engagement = points(name, text)?,
            "per_missing_star" => weights.per_missing_star = points(name, text)?,
            "no_feedback" => weights.no_feedback = points(name, text)?,
            "load_costs" => {
                let costs =
                    text.split('/').map(|p| points(name, p)).collect::<Result<Vec<_>, _>>()?;
                if costs.len() > 32 {
                    return Err("load_costs: more than 32 values".to_owned());
                }
                weights.load_costs = costs;
            }
            other => {
                return Err(format!(
                    "{other:?} is not a weight; the weights are listed in docs/matching.md"
                ));
            }
        }
    }
    Ok(weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_deadlines_and_auto_offer_parse_and_refuse_in_words() {
        assert_eq!(parse_duration("90m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration(" 3d "), Ok(Duration::days(3)));
        assert!(parse_duration("0h").unwrap_err().contains("between 1 minute and 30 days"));
        assert!(parse_duration("4 hours").unwrap_err().contains("such as 30m"));
        assert_eq!(parse_deadlines("1h,4h,24h,72h"), Ok(OfferDeadlines::default()));
        assert!(parse_deadlines("1h,4h").unwrap_err().contains("four durations"));
        assert_eq!(parse_auto_offer("critical, low"), Ok([true, false, false, true]));
        assert_eq!(parse_auto_offer("none"), Ok([false; 4]));
        assert!(parse_auto_offer("urgent").unwrap_err().contains("\"urgent\" is not critical"));
    }

    #[test]
    fn weights_change_only_what_is_named() {
        let weights =
            parse_weights("per_engagement=25, load_costs=0/5, per_hour_late_high=7").unwrap();
        assert_eq!(weights.per_engagement, 25);
        assert_eq!(weights.load_costs, [0, 5]);
        assert_eq!(weights.per_hour_late, [20, 7, 1, 0]);
        assert_eq!(weights.no_common_language, Weights::default().no_common_language);
        assert_eq!(parse_weights(""), Ok(Weights::default()));
        assert!(parse_weights("speed=3").unwrap_err().contains("\"speed\" is not a weight"));
        assert!(parse_weights("per_engagement=-1").unwrap_err().contains("per_engagement"));
    }
}
