// Offers, shared by both backends (see store_impl.rs for how this file is compiled). Every step
// reads the offer, asks `c4h_domain::offer_flow` what may happen, and writes only from the state
// it read (`… AND state = 'pending'`), with the request's transition and the audit event in the
// same transaction; the partial unique index `offers_one_holder_per_request` makes a second
// holder impossible whatever the interleaving.

/// The statement that reads offers' summaries, to be completed with a `WHERE`; `f` offers, `o`
/// offerings, `r` requests, `g` organisations. Only what PRODUCT.md lets a provider read before
/// it accepts (the category: the request's, or the offering's when the requester was not sure),
/// and the request's id once accepted; the last column is the request's id only to open the
/// sealed summary with, never handed on. A macro so that the statement stays one literal.
macro_rules! offer_summary_select {
    () => {
        "SELECT f.id, f.offering_id, f.state, f.deadline_at, f.created_at, r.urgency, \
         COALESCE(r.category, o.category), g.kind, g.country, r.languages, r.offer_summary, \
         CASE WHEN f.state = 'accepted' THEN r.id END, r.id \
         FROM offers f JOIN offerings o ON o.id = f.offering_id \
         JOIN assistance_requests r ON r.id = f.request_id \
         JOIN organisations g ON g.id = r.organisation_id"
    };
}

/// The offering's provider, if the offering can take an offer now.
async fn available_provider(
    tx: &mut Tx,
    offering: OfferingId,
    now: OffsetDateTime,
) -> Result<Option<DbId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT o.provider_id FROM offerings o JOIN providers p ON p.id = o.provider_id \
         WHERE o.id = $1 AND o.active = TRUE AND p.vetting_state = 'vetted' \
         AND (p.paused_until IS NULL OR p.paused_until <= $2)",
    )
    .bind(DbId::from(offering))
    .bind(DbTime::new(now))
    .fetch_optional(&mut **tx)
    .await?)
}

/// Moves the request `id` from `from` to `to`; whether it was in `from`.
async fn move_request(
    tx: &mut Tx,
    id: DbId,
    from: RequestState,
    to: RequestState,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let moved = sqlx::query(
        "UPDATE assistance_requests SET state = $3, state_changed_at = $4, updated_at = $4 \
         WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(DbTime::new(at))
    .execute(&mut **tx)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// The offer as its steps need it: state, deadline, request, offering and provider.
type OfferRow = (String, DbTime, DbId, DbId, DbId);

async fn read_offer(tx: &mut Tx, id: OfferId) -> Result<Option<OfferRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT f.state, f.deadline_at, f.request_id, f.offering_id, o.provider_id \
         FROM offers f JOIN offerings o ON o.id = f.offering_id WHERE f.id = $1",
    )
    .bind(DbId::from(id))
    .fetch_optional(&mut **tx)
    .await?)
}

/// Applies `answer` to the offer read as `row`, by `role`: the offer's step, the request's
/// transition, an engagement on acceptance, and the audit event; or the refusal, changing
/// nothing.
async fn apply_offer_step(
    mut tx: Tx,
    row: OfferRow,
    answer: &OfferAnswer,
    role: Role,
    change: &Change,
) -> Result<OfferOutcome, StoreError> {
    let (state, deadline, request, offering, provider) = row;
    let from = OfferState::parse(&state).map_err(|e| StoreError::Corrupt(format!("offer: {e}")))?;
    let to = match answer.step.apply(from, deadline.0, role, answer.at) {
        Ok(to) => to,
        Err(refusal) => return Ok(OfferOutcome::Refused(refusal)),
    };
    let reason = match answer.step {
        OfferStep::Decline(reason) => Some(reason.as_str()),
        _ => None,
    };
    let updated = sqlx::query(
        "UPDATE offers SET state = $2, decline_reason = $3, answered_by = $4, answered_at = $5 \
         WHERE id = $1 AND state = 'pending'",
    )
    .bind(DbId::from(answer.offer))
    .bind(to.as_str())
    .bind(reason)
    .bind(answer.by.map(DbId::from))
    .bind(DbTime::new(answer.at))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Another step got there first (another tab, instance or the expiry job).
        return Ok(OfferOutcome::Refused(OfferError::Ended(from)));
    }
    let (next, outcome) = if answer.step.frees_the_request() {
        (RequestState::Matching, OfferOutcome::Ended(to))
    } else {
        let engagement = EngagementId::new();
        sqlx::query(
            "INSERT INTO engagements (id, request_id, offer_id, provider_id, offering_id, state, \
             started_at) VALUES ($1, $2, $3, $4, $5, 'active', $6)",
        )
        .bind(DbId::from(engagement))
        .bind(request)
        .bind(DbId::from(answer.offer))
        .bind(provider)
        .bind(offering)
        .bind(DbTime::new(answer.at))
        .execute(&mut *tx)
        .await?;
        (RequestState::Engaged, OfferOutcome::Engaged(engagement))
    };
    if !move_request(&mut tx, request, RequestState::Offered, next, answer.at).await? {
        return Err(StoreError::Corrupt("a pending offer's request was not offered".into()));
    }
    record_change(&mut tx, change).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Sends `offer`: the request goes from matching (or the waitlist) to offered, if it is still
/// there and the offering can take it.
async fn send_offer_in(
    store: &ThisStore,
    offer: &OfferToSend,
    change: &Change,
) -> Result<Option<SendOutcome>, StoreError> {
    let mut tx = begin_write(store).await?;
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM assistance_requests WHERE id = $1")
            .bind(DbId::from(offer.request))
            .fetch_optional(&mut *tx)
            .await?;
    let Some(state) = state else { return Ok(None) };
    let state = RequestState::parse(&state)
        .map_err(|e| StoreError::Corrupt(format!("request state: {e}")))?;
    // A waitlisted request is offered as soon as capacity for it appears.
    if RequestTransition::Offer.apply(state, Role::System).is_err() {
        return Ok(Some(SendOutcome::NotMatching(state)));
    }
    if available_provider(&mut tx, offer.offering, change.now()).await?.is_none() {
        return Ok(Some(SendOutcome::OfferingUnavailable));
    }
    let inserted = sqlx::query(
        "INSERT INTO offers (id, request_id, offering_id, state, deadline_at, sent_by, \
         created_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6)",
    )
    .bind(DbId::from(offer.id))
    .bind(DbId::from(offer.request))
    .bind(DbId::from(offer.offering))
    .bind(DbTime::new(offer.deadline))
    .bind(offer.sent_by.map(DbId::from))
    .bind(DbTime::new(change.now()))
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Ok(Some(SendOutcome::AlreadyHeld));
        }
        Err(error) => return Err(error.into()),
    }
    let request = DbId::from(offer.request);
    let now = change.now();
    if !move_request(&mut tx, request, state, RequestState::Offered, now).await? {
        return Ok(Some(SendOutcome::AlreadyHeld));
    }
    record_change(&mut tx, change).await?;
    tx.commit().await?;
    Ok(Some(SendOutcome::Sent))
}

#[async_trait]
impl OfferStore for ThisStore {
    async fn send_offer(
        &self,
        grant: &Grant,
        offer: &OfferToSend,
        change: &Change,
    ) -> Result<Option<SendOutcome>, StoreError> {
        if step_role(grant) != Some(Role::Coordinator) {
            return Err(StoreError::WrongGrant("triage"));
        }
        send_offer_in(self, offer, change).await
    }

    async fn send_offer_as_the_service(
        &self,
        offer: &OfferToSend,
        change: &Change,
    ) -> Result<Option<SendOutcome>, StoreError> {
        send_offer_in(self, offer, change).await
    }

    async fn answer_offer(
        &self,
        grant: &Grant,
        answer: &OfferAnswer,
        change: &Change,
    ) -> Result<Option<OfferOutcome>, StoreError> {
        let provider = match (grant.action(), grant.resource()) {
            (Action::AnswerOffers, Resource::Provider(id)) => id,
            _ => return Err(StoreError::WrongGrant("answering a provider's offers")),
        };
        let mut tx = begin_write(self).await?;
        let Some(row) = read_offer(&mut tx, answer.offer).await? else { return Ok(None) };
        if row.4 != DbId::from(provider) {
            // Another provider's offer: it does not exist for this one.
            return Ok(None);
        }
        Ok(Some(apply_offer_step(tx, row, answer, Role::Provider, change).await?))
    }

    async fn end_offer(
        &self,
        answer: &OfferAnswer,
        change: &Change,
    ) -> Result<Option<OfferOutcome>, StoreError> {
        let mut tx = begin_write(self).await?;
        let Some(row) = read_offer(&mut tx, answer.offer).await? else { return Ok(None) };
        Ok(Some(apply_offer_step(tx, row, answer, Role::System, change).await?))
    }

    async fn offer_request(&self, offer: OfferId) -> Result<Option<RequestId>, StoreError> {
        let found: Option<DbId> = sqlx::query_scalar("SELECT request_id FROM offers WHERE id = $1")
            .bind(DbId::from(offer))
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.map(|id| RequestId::from_uuid(id.0)))
    }

    async fn offers_due(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<OfferId>, StoreError> {
        let due: Vec<DbId> = sqlx::query_scalar(
            "SELECT id FROM offers WHERE state = 'pending' AND deadline_at <= $1 \
             ORDER BY deadline_at, id LIMIT $2",
        )
        .bind(DbTime::new(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(due.into_iter().map(|id| OfferId::from_uuid(id.0)).collect())
    }

    async fn provider_offers(&self, grant: &Grant) -> Result<Vec<ProviderOffer>, StoreError> {
        let provider = match (grant.action(), grant.resource()) {
            (Action::AnswerOffers, Resource::Provider(id)) => id,
            _ => return Err(StoreError::WrongGrant("a provider's offers")),
        };
        // Only the summary's columns: nothing that names or describes the organisation.
        let rows: Vec<SummaryTuple> = sqlx::query_as(concat!(
            offer_summary_select!(),
            " WHERE o.provider_id = $1 ORDER BY f.created_at DESC, f.id"
        ))
        .bind(DbId::from(provider))
        .fetch_all(&self.pool)
        .await?;
        let keys = self.keys.now();
        rows.into_iter().map(|row| provider_offer(&keys, row)).collect()
    }
}
