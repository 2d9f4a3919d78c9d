// What the people around an offer read, shared by both backends (see store_impl.rs for how this
// file is compiled). A provider's reads are bounded by its id in the statement itself, so an
// offer or case of another provider is never read at all.

/// The provider a grant to answer offers is for.
fn answering_provider(grant: &Grant) -> Result<ProviderId, StoreError> {
    match (grant.action(), grant.resource()) {
        (Action::AnswerOffers, Resource::Provider(id)) => Ok(id),
        _ => Err(StoreError::WrongGrant("answering a provider's offers")),
    }
}

/// An offer's summary as read: see `offer_summary_select!` (in offers.rs).
type SummaryTuple = (
    DbId,
    DbId,
    String,
    DbTime,
    DbTime,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<DbId>,
    DbId,
);

fn provider_offer(keys: &Keyring, row: SummaryTuple) -> Result<ProviderOffer, StoreError> {
    let (
        id,
        offering,
        state,
        deadline,
        sent,
        urgency,
        category,
        kind,
        country,
        languages,
        text,
        request,
        sealed_for,
    ) = row;
    let sealed_for = RequestId::from_uuid(sealed_for.0);
    let text = open_opt(keys, "assistance_requests.offer_summary", sealed_for, text)?;
    let corrupt =
        |what: &str, e: c4h_domain::ParseError| StoreError::Corrupt(format!("{what}: {e}"));
    Ok(ProviderOffer {
        id: OfferId::from_uuid(id.0),
        offering: OfferingId::from_uuid(offering.0),
        state: OfferState::parse(&state).map_err(|e| corrupt("offer state", e))?,
        deadline: deadline.0,
        sent_at: sent.0,
        urgency: urgency
            .as_deref()
            .map(Urgency::parse)
            .transpose()
            .map_err(|e| corrupt("urgency", e))?,
        category: category
            .as_deref()
            .map(ServiceCategory::parse)
            .transpose()
            .map_err(|e| corrupt("category", e))?,
        requester_kind: RequesterKind::parse(&kind).map_err(|e| corrupt("kind", e))?,
        country: Country::parse(&country).map_err(|e| corrupt("country", e))?,
        languages: languages
            .split_whitespace()
            .map(LanguageTag::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt("languages", e))?,
        summary: text,
        request: request.map(|id| RequestId::from_uuid(id.0)),
    })
}

/// A request's offer as coordinators read it: id, offering, category, provider, its name,
/// state, deadline, sent, sent by, decline reason, answered.
type RequestOfferTuple = (
    DbId,
    DbId,
    String,
    DbId,
    String,
    String,
    DbTime,
    DbTime,
    Option<DbId>,
    Option<String>,
    Option<DbTime>,
);

fn request_offer(row: RequestOfferTuple) -> Result<RequestOffer, StoreError> {
    let (id, offering, category, provider, name, state, deadline, sent, by, reason, answered) = row;
    let corrupt =
        |what: &str, e: c4h_domain::ParseError| StoreError::Corrupt(format!("{what}: {e}"));
    Ok(RequestOffer {
        id: OfferId::from_uuid(id.0),
        offering: OfferingId::from_uuid(offering.0),
        category: ServiceCategory::parse(&category).map_err(|e| corrupt("category", e))?,
        provider: ProviderId::from_uuid(provider.0),
        provider_name: name,
        state: OfferState::parse(&state).map_err(|e| corrupt("offer state", e))?,
        deadline: deadline.0,
        sent_at: sent.0,
        sent_by: by.map(|id| UserId::from_uuid(id.0)),
        decline_reason: reason
            .as_deref()
            .map(DeclineReason::parse)
            .transpose()
            .map_err(|e| corrupt("decline reason", e))?,
        answered_at: answered.map(|at| at.0),
    })
}

#[async_trait]
impl OfferViewStore for ThisStore {
    async fn provider_offer(
        &self,
        grant: &Grant,
        offer: OfferId,
    ) -> Result<Option<ProviderOffer>, StoreError> {
        let provider = answering_provider(grant)?;
        let row: Option<SummaryTuple> = sqlx::query_as(concat!(
            offer_summary_select!(),
            " WHERE f.id = $1 AND o.provider_id = $2"
        ))
        .bind(DbId::from(offer))
        .bind(DbId::from(provider))
        .fetch_optional(&self.pool)
        .await?;
        let keys = self.keys.now();
        row.map(|row| provider_offer(&keys, row)).transpose()
    }

    async fn engaged_case_history(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let provider = answering_provider(grant)?;
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT seq, occurred_at, actor_id, actor_label, action, object_kind, object_id, \
             request_id, client_address, details, prev_hash, hash FROM audit_events \
             WHERE request_id = $1 AND action NOT LIKE '%.read' AND EXISTS (SELECT 1 FROM engagements e \
             WHERE e.request_id = $1 AND e.provider_id = $2) ORDER BY seq",
        )
        .bind(DbId::from(request))
        .bind(DbId::from(provider))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }

    async fn engaged_case(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Option<RequestDetails>, StoreError> {
        let provider = answering_provider(grant)?;
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM assistance_requests r \
             JOIN organisations o ON o.id = r.organisation_id \
             JOIN users u ON u.id = r.requester_id \
             LEFT JOIN assistance_requests m ON m.id = r.merged_into WHERE r.id = $1 \
             AND EXISTS (SELECT 1 FROM engagements e WHERE e.request_id = r.id \
             AND e.provider_id = $2)"
        );
        // Fixed text: the column list constant and literals.
        let row: Option<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(DbId::from(request))
            .bind(DbId::from(provider))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let keys = self.keys.now();
        let messages =
            messages_of(&self.pool, &keys, request, RequestScope::EngagedProvider).await?;
        let files = files_of(&self.pool, request, RequestScope::EngagedProvider).await?;
        let mut details = row.into_details(&keys, messages, files)?;
        details.engagement =
            engagement_of(&self.pool, &keys, request, RequestScope::EngagedProvider).await?;
        Ok(Some(details))
    }

    async fn request_offers(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Vec<RequestOffer>, StoreError> {
        if request_scope(grant)? != RequestScope::Staff {
            return Err(StoreError::WrongGrant("the directory"));
        }
        let rows: Vec<RequestOfferTuple> = sqlx::query_as(
            "SELECT f.id, f.offering_id, o.category, o.provider_id, p.name, f.state, \
             f.deadline_at, f.created_at, f.sent_by, f.decline_reason, f.answered_at \
             FROM offers f JOIN offerings o ON o.id = f.offering_id \
             JOIN providers p ON p.id = o.provider_id \
             WHERE f.request_id = $1 ORDER BY f.created_at DESC, f.id",
        )
        .bind(DbId::from(request))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(request_offer).collect()
    }

    async fn set_offer_summary(
        &self,
        grant: &Grant,
        request: RequestId,
        summary: Option<&str>,
        change: &Change,
    ) -> Result<bool, StoreError> {
        if step_role(grant) != Some(Role::Coordinator) {
            return Err(StoreError::WrongGrant("triage"));
        }
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE assistance_requests SET offer_summary = $2, updated_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(request))
        .bind(seal_opt(&self.keys.now(), "assistance_requests.offer_summary", request, summary))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn waitlist_unmatched(
        &self,
        request: RequestId,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let mut tx = begin_write(self).await?;
        let now = change.now();
        let from = RequestState::Matching;
        if RequestTransition::Waitlist.apply(from, Role::System).is_err()
            || !move_request(&mut tx, DbId::from(request), from, RequestState::Waitlisted, now)
                .await?
        {
            return Ok(false);
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn request_standing(
        &self,
        request: RequestId,
    ) -> Result<Option<RequestStanding>, StoreError> {
        let row: Option<(String, String, Option<String>, DbTime)> = sqlx::query_as(
            "SELECT reference, state, urgency, state_changed_at FROM assistance_requests \
             WHERE id = $1",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        let corrupt =
            |what: &str, e: c4h_domain::ParseError| StoreError::Corrupt(format!("{what}: {e}"));
        row.map(|(reference, state, urgency, changed)| {
            Ok(RequestStanding {
                reference,
                state: RequestState::parse(&state).map_err(|e| corrupt("request state", e))?,
                urgency: urgency
                    .as_deref()
                    .map(Urgency::parse)
                    .transpose()
                    .map_err(|e| corrupt("urgency", e))?,
                state_changed_at: changed.0,
            })
        })
        .transpose()
    }

    async fn offering_team_contacts(
        &self,
        offering: OfferingId,
    ) -> Result<Vec<Contact>, StoreError> {
        let rows: Vec<(DbId, String, String)> = sqlx::query_as(
            "SELECT u.id, u.email, u.preferred_language FROM users u \
             JOIN memberships m ON m.user_id = u.id JOIN offerings o ON o.provider_id = m.provider_id \
             WHERE o.id = $1 AND m.state = 'active' AND u.disabled_at IS NULL ORDER BY u.id",
        )
        .bind(DbId::from(offering))
        .fetch_all(&self.pool)
        .await?;
        contacts(rows)
    }

    async fn offering_provider(
        &self,
        offering: OfferingId,
    ) -> Result<Option<ProviderId>, StoreError> {
        let found: Option<DbId> =
            sqlx::query_scalar("SELECT provider_id FROM offerings WHERE id = $1")
                .bind(DbId::from(offering))
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.map(|id| ProviderId::from_uuid(id.0)))
    }

    async fn staff_contacts(&self) -> Result<Vec<Contact>, StoreError> {
        let rows: Vec<(DbId, String, String)> = sqlx::query_as(
            "SELECT id, email, preferred_language FROM users \
             WHERE staff_role IS NOT NULL AND disabled_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        contacts(rows)
    }
}

fn contacts(rows: Vec<(DbId, String, String)>) -> Result<Vec<Contact>, StoreError> {
    rows.into_iter()
        .map(|(id, email, language)| {
            Ok(Contact {
                user: UserId::from_uuid(id.0),
                email: EmailAddress::parse(&email)
                    .map_err(|e| StoreError::Corrupt(format!("staff e-mail: {e}")))?,
                language,
            })
        })
        .collect()
}
