// What matching reads, shared by both backends (see store_impl.rs for how this file is
// compiled): a handful of whole-table reads assembled in Rust, since matching considers every
// waiting request against every available offering anyway.

/// A waiting request as read: id, reference, urgency, category, five signals, the
/// organisation's kind and country, languages, state.
type WaitingTuple = (
    DbId,
    String,
    Option<String>,
    Option<String>,
    bool,
    bool,
    bool,
    bool,
    bool,
    String,
    String,
    String,
    String,
);

/// An available offering as read: id, provider, category, capacity, response hours, active
/// engagements, pending offers.
type OfferingTuple = (DbId, DbId, String, i64, i64, i64, i64);

fn parsed<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, c4h_domain::ParseError>,
) -> Result<T, StoreError> {
    parse(value).map_err(|e| StoreError::Corrupt(format!("matching snapshot: {e}")))
}

fn waiting_request(row: WaitingTuple) -> Result<WaitingRequest, StoreError> {
    let (
        id,
        reference,
        urgency,
        category,
        active,
        ransomware,
        down,
        breach,
        email,
        kind,
        country,
        languages,
        state,
    ) = row;
    Ok(WaitingRequest {
        id: RequestId::from_uuid(id.0),
        reference,
        urgency: parsed(urgency.as_deref().unwrap_or("low"), Urgency::parse)?,
        category: category.as_deref().map(|c| parsed(c, ServiceCategory::parse)).transpose()?,
        signals: c4h_domain::triage::Signals {
            active_incident: active,
            ransomware,
            systems_down: down,
            data_breach: breach,
            email_compromised: email,
            ..Default::default()
        },
        kind: parsed(&kind, RequesterKind::parse)?,
        country: parsed(&country, Country::parse)?,
        languages: languages
            .split_whitespace()
            .map(|l| parsed(l, LanguageTag::parse))
            .collect::<Result<_, _>>()?,
        offered_before: Vec::new(),
        waitlisted: state == RequestState::Waitlisted.as_str(),
    })
}

/// Each offering's values of a multi-valued attribute table, by offering.
async fn attribute(
    pool: &PoolOf,
    sql: &'static str,
) -> Result<std::collections::HashMap<uuid::Uuid, Vec<String>>, StoreError> {
    let rows: Vec<(DbId, String)> = sqlx::query_as(sql).fetch_all(pool).await?;
    let mut by_offering: std::collections::HashMap<uuid::Uuid, Vec<String>> = Default::default();
    for (offering, value) in rows {
        by_offering.entry(offering.0).or_default().push(value);
    }
    Ok(by_offering)
}

#[async_trait]
impl MatchingStore for ThisStore {
    async fn matching_snapshot(&self, now: OffsetDateTime) -> Result<MatchingSnapshot, StoreError> {
        let rows: Vec<WaitingTuple> = sqlx::query_as(
            "SELECT r.id, r.reference, r.urgency, r.category, r.active_incident, r.ransomware, \
             r.systems_down, r.data_breach, r.email_compromised, o.kind, o.country, r.languages, \
             r.state FROM assistance_requests r JOIN organisations o ON o.id = r.organisation_id \
             WHERE r.state IN ('matching', 'waitlisted') \
             ORDER BY r.urgency_rank, r.submitted_at, r.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut requests: Vec<WaitingRequest> =
            rows.into_iter().map(waiting_request).collect::<Result<_, _>>()?;
        let ended: Vec<(DbId, DbId)> = sqlx::query_as(
            "SELECT f.request_id, f.offering_id FROM offers f \
             JOIN assistance_requests r ON r.id = f.request_id \
             WHERE r.state IN ('matching', 'waitlisted') \
             AND f.state IN ('declined', 'expired', 'withdrawn')",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut by_request: std::collections::HashMap<uuid::Uuid, Vec<OfferingId>> =
            Default::default();
        for (request, offering) in ended {
            by_request.entry(request.0).or_default().push(OfferingId::from_uuid(offering.0));
        }
        for request in &mut requests {
            request.offered_before = by_request.remove(&request.id.as_uuid()).unwrap_or_default();
        }
        let rows: Vec<OfferingTuple> = sqlx::query_as(
            "SELECT o.id, o.provider_id, o.category, CAST(o.capacity AS BIGINT), \
             CAST(o.response_time_hours AS BIGINT), \
             (SELECT COUNT(*) FROM engagements e WHERE e.offering_id = o.id AND e.state = 'active'), \
             (SELECT COUNT(*) FROM offers f WHERE f.offering_id = o.id AND f.state = 'pending') \
             FROM offerings o JOIN providers p ON p.id = o.provider_id \
             WHERE o.active = TRUE AND p.vetting_state = 'vetted' \
             AND (p.paused_until IS NULL OR p.paused_until <= $1) ORDER BY o.id",
        )
        .bind(DbTime::new(now))
        .fetch_all(&self.pool)
        .await?;
        let mut languages =
            attribute(&self.pool, "SELECT offering_id, language FROM offering_languages").await?;
        let mut regions =
            attribute(&self.pool, "SELECT offering_id, region FROM offering_regions").await?;
        let mut kinds =
            attribute(&self.pool, "SELECT offering_id, kind FROM offering_requester_kinds").await?;
        let mut offerings = Vec::with_capacity(rows.len());
        for (id, provider, category, capacity, hours, engaged, pending) in rows {
            let take = |map: &mut std::collections::HashMap<uuid::Uuid, Vec<String>>| {
                map.remove(&id.0).unwrap_or_default()
            };
            offerings.push(AvailableOffering {
                id: OfferingId::from_uuid(id.0),
                provider: ProviderId::from_uuid(provider.0),
                category: parsed(&category, ServiceCategory::parse)?,
                eligible_kinds: take(&mut kinds)
                    .iter()
                    .map(|k| parsed(k, RequesterKind::parse))
                    .collect::<Result<_, _>>()?,
                regions: take(&mut regions)
                    .iter()
                    .map(|r| parsed(r, Region::parse))
                    .collect::<Result<_, _>>()?,
                languages: take(&mut languages)
                    .iter()
                    .map(|l| parsed(l, LanguageTag::parse))
                    .collect::<Result<_, _>>()?,
                response_hours: u32::try_from(hours).unwrap_or(u32::MAX),
                capacity_left: u32::try_from((capacity - engaged - pending).max(0)).unwrap_or(0),
            });
        }
        let rows: Vec<(DbId, Option<i64>, i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT p.id, CAST(p.capacity AS BIGINT), \
             (SELECT COUNT(*) FROM engagements e WHERE e.provider_id = p.id AND e.state = 'active'), \
             (SELECT CAST(SUM(f.rating) AS BIGINT) FROM feedback f \
              JOIN engagements e ON e.id = f.engagement_id \
              WHERE e.provider_id = p.id AND f.side = 'requester' AND f.rating IS NOT NULL), \
             (SELECT COUNT(f.rating) FROM feedback f JOIN engagements e ON e.id = f.engagement_id \
              WHERE e.provider_id = p.id AND f.side = 'requester') \
             FROM providers p WHERE p.vetting_state = 'vetted' ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        let providers = rows
            .into_iter()
            .map(|(id, capacity, engagements, sum, rated)| ProviderLoad {
                id: ProviderId::from_uuid(id.0),
                capacity: capacity.map(count),
                engagements: count(engagements),
                ratings: (count(sum.unwrap_or(0)), count(rated)),
            })
            .collect();
        Ok(MatchingSnapshot { requests, offerings, providers })
    }
}
