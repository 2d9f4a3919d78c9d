// Providers: applications, vetting, notes, offerings and pauses, shared by both backends (see
// store_impl.rs for how this file is compiled).

/// The provider a grant covers for `action`.
fn granted_provider(grant: &Grant, action: Action) -> Result<ProviderId, StoreError> {
    match (grant.action() == action, grant.provider()) {
        (true, Some(id)) => Ok(id),
        _ => Err(StoreError::WrongGrant("a provider")),
    }
}

async fn vetting_state(
    tx: &mut Tx,
    provider: ProviderId,
) -> Result<Option<VettingState>, StoreError> {
    let state: Option<String> =
        sqlx::query_scalar("SELECT vetting_state FROM providers WHERE id = $1")
            .bind(DbId::from(provider))
            .fetch_optional(&mut **tx)
            .await?;
    state
        .map(|state| {
            VettingState::parse(&state)
                .map_err(|e| StoreError::Corrupt(format!("vetting state: {e}")))
        })
        .transpose()
}

async fn set_vetting_state(
    tx: &mut Tx,
    provider: ProviderId,
    state: VettingState,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE providers SET vetting_state = $2, updated_at = $3, \
         vetted_at = CASE WHEN $2 = 'vetted' THEN $3 ELSE vetted_at END WHERE id = $1",
    )
    .bind(DbId::from(provider))
    .bind(state.as_str())
    .bind(DbTime::new(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl ProviderStore for ThisStore {
    async fn apply_provider(
        &self,
        provider: &NewProvider,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        if !insert_provider(&mut tx, provider, DbTime::new(change.now())).await? {
            return Err(StoreError::Duplicate { constraint: "providers.name".into() });
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn provider_details(&self, grant: &Grant) -> Result<Option<ProviderDetails>, StoreError> {
        let id = granted_provider(grant, Action::View)?;
        let row: Option<ProviderDetailsRow> = sqlx::query_as(
            "SELECT name, home_country, website, description, contact_email, contact_phone, \
             contact_language, services_offered, vetting_state, pledge_free_of_charge AND pledge_no_upselling \
             AND pledge_confidentiality AND pledge_code_of_conduct AS pledges_taken, paused_until, \
             pause_message, created_at, vetted_at FROM providers WHERE id = $1",
        )
        .bind(DbId::from(id))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let reviews: Vec<ReviewRow> = sqlx::query_as(
            "SELECT r.id, r.decision, r.reason, r.proposed_by, pu.display_name AS proposed_by_name, \
             r.proposed_at, cu.display_name AS confirmed_by_name, r.confirmed_at, r.withdrawn_at \
             FROM provider_reviews r JOIN users pu ON pu.id = r.proposed_by \
             LEFT JOIN users cu ON cu.id = r.confirmed_by WHERE r.provider_id = $1 ORDER BY r.proposed_at, r.id",
        )
        .bind(DbId::from(id))
        .fetch_all(&self.pool)
        .await?;
        let notes: Vec<(DbId, String, String, Option<String>, DbTime)> = sqlx::query_as(
            "SELECT n.id, u.display_name, n.body, n.evidence, n.created_at FROM provider_notes n \
             JOIN users u ON u.id = n.author_id WHERE n.provider_id = $1 ORDER BY n.created_at",
        )
        .bind(DbId::from(id))
        .fetch_all(&self.pool)
        .await?;
        let reviews = reviews.into_iter().map(Review::try_from).collect::<Result<Vec<_>, _>>()?;
        let keys = self.keys.now();
        let notes = notes
            .into_iter()
            .map(|(note, author_name, body, evidence, at)| {
                let note = NoteId::from_uuid(note.0);
                Ok(ProviderNote {
                    author_name,
                    body: open(&keys, "provider_notes.body", note, &body)?,
                    evidence: open_opt(&keys, "provider_notes.evidence", note, evidence)?,
                    created_at: at.0,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(row.into_details(id, reviews, notes)?))
    }

    async fn decide_provider(
        &self,
        grant: &Grant,
        review: &NewReview,
        change: &Change,
    ) -> Result<ReviewOutcome, StoreError> {
        let provider = granted_provider(grant, Action::Vet)?;
        let mut tx = begin_write(self).await?;
        let Some(from) = vetting_state(&mut tx, provider).await? else {
            return Ok(ReviewOutcome::NotApplicable);
        };
        let Ok(to) = review.decision.apply(from) else { return Ok(ReviewOutcome::NotApplicable) };
        let waits = review.decision.needs_confirmation();
        if !waits {
            // A decision that applies at once overtakes any proposal still waiting.
            sqlx::query(
                "UPDATE provider_reviews SET withdrawn_at = $2 WHERE provider_id = $1 \
                 AND confirmed_at IS NULL AND withdrawn_at IS NULL",
            )
            .bind(DbId::from(provider))
            .bind(DbTime::new(review.at))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO provider_reviews (id, provider_id, decision, reason, proposed_by, proposed_at, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbId::from(review.id))
        .bind(DbId::from(provider))
        .bind(review.decision.as_str())
        .bind(&review.reason)
        .bind(DbId::from(grant.principal()))
        .bind(DbTime::new(review.at))
        .bind((!waits).then_some(DbTime::new(review.at)))
        .execute(&mut *tx)
        .await?;
        if !waits {
            set_vetting_state(&mut tx, provider, to, review.at).await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(if waits { ReviewOutcome::AwaitingConfirmation } else { ReviewOutcome::Applied(to) })
    }

    async fn confirm_vetting(
        &self,
        grant: &Grant,
        review: ReviewId,
        invitation: Option<&NewInvitation>,
        change: &Change,
    ) -> Result<ReviewOutcome, StoreError> {
        let provider = granted_provider(grant, Action::Vet)?;
        let mut tx = begin_write(self).await?;
        let open: Option<(String, DbId)> = sqlx::query_as(
            "SELECT decision, proposed_by FROM provider_reviews WHERE id = $1 AND provider_id = $2 \
             AND confirmed_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(DbId::from(review))
        .bind(DbId::from(provider))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((decision, proposed_by)) = open else { return Ok(ReviewOutcome::NotApplicable) };
        if proposed_by == DbId::from(grant.principal()) {
            return Ok(ReviewOutcome::SameCoordinator);
        }
        let decision = VettingDecision::parse(&decision)
            .map_err(|e| StoreError::Corrupt(format!("review: {e}")))?;
        let Some(from) = vetting_state(&mut tx, provider).await? else {
            return Ok(ReviewOutcome::NotApplicable);
        };
        let Ok(to) = decision.apply(from) else { return Ok(ReviewOutcome::NotApplicable) };
        sqlx::query(
            "UPDATE provider_reviews SET confirmed_by = $2, confirmed_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(review))
        .bind(DbId::from(grant.principal()))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        set_vetting_state(&mut tx, provider, to, change.now()).await?;
        if let Some(invitation) = invitation {
            insert_invitation(&mut tx, invitation).await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(ReviewOutcome::Applied(to))
    }

    async fn add_provider_note(
        &self,
        grant: &Grant,
        id: NoteId,
        body: &str,
        evidence: Option<&str>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let provider = granted_provider(grant, Action::Vet)?;
        let keys = self.keys.now();
        let mut tx = begin_write(self).await?;
        sqlx::query(
            "INSERT INTO provider_notes (id, provider_id, author_id, body, evidence, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(provider))
        .bind(DbId::from(grant.principal()))
        .bind(seal(&keys, "provider_notes.body", id, body))
        .bind(seal_opt(&keys, "provider_notes.evidence", id, evidence))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_provider_pause(
        &self,
        grant: &Grant,
        until: Option<OffsetDateTime>,
        message: Option<&str>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let provider = granted_provider(grant, Action::ManageOfferings)?;
        let mut tx = begin_write(self).await?;
        sqlx::query("UPDATE providers SET paused_until = $2, pause_message = $3, updated_at = $4 WHERE id = $1")
            .bind(DbId::from(provider))
            .bind(until.map(DbTime::new))
            .bind(message)
            .bind(DbTime::new(change.now()))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn provider_offerings(&self, grant: &Grant) -> Result<Vec<OfferingSummary>, StoreError> {
        let provider = granted_provider(grant, Action::View)?;
        let rows: Vec<(DbId, String, Option<String>, bool, i64, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.category, \
             (SELECT t.title FROM offering_texts t WHERE t.offering_id = o.id ORDER BY t.language <> 'en', t.language LIMIT 1), \
             o.active, o.capacity, \
             (SELECT COUNT(*) FROM engagements e WHERE e.offering_id = o.id AND e.state = 'active'), \
             o.response_time_hours FROM offerings o WHERE o.provider_id = $1 ORDER BY o.category, o.id",
        )
        .bind(DbId::from(provider))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, category, title, active, capacity, in_use, hours)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("offering {what}"));
                Ok(OfferingSummary {
                    id: OfferingId::from_uuid(id.0),
                    category: ServiceCategory::parse(&category).map_err(|_| corrupt("category"))?,
                    title: title.unwrap_or_default(),
                    active,
                    capacity: u32::try_from(capacity).map_err(|_| corrupt("capacity"))?,
                    in_use: u32::try_from(in_use).map_err(|_| corrupt("use"))?,
                    response_time_hours: u32::try_from(hours)
                        .map_err(|_| corrupt("response time"))?,
                })
            })
            .collect()
    }

    async fn offering_for_edit(
        &self,
        grant: &Grant,
        id: OfferingId,
    ) -> Result<Option<NewOffering>, StoreError> {
        let provider = granted_provider(grant, Action::ManageOfferings)?;
        let row: Option<(String, String, i64, i64, bool)> = sqlx::query_as(
            "SELECT category, delivery, capacity, response_time_hours, active FROM offerings \
             WHERE id = $1 AND provider_id = $2",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(provider))
        .fetch_optional(&self.pool)
        .await?;
        let Some((category, delivery, capacity, hours, active)) = row else { return Ok(None) };
        let children = offering_children(&self.pool, id).await?;
        let corrupt = |what: &str| StoreError::Corrupt(format!("offering {what}"));
        Ok(Some(NewOffering {
            id,
            provider_id: provider,
            category: ServiceCategory::parse(&category).map_err(|_| corrupt("category"))?,
            delivery: Delivery::parse(&delivery).map_err(|_| corrupt("delivery"))?,
            capacity: u32::try_from(capacity).map_err(|_| corrupt("capacity"))?,
            response_time_hours: u32::try_from(hours).map_err(|_| corrupt("response time"))?,
            active,
            texts: children.0,
            languages: children.1,
            regions: children.2,
            requester_kinds: children.3,
        }))
    }

    async fn create_offering(
        &self,
        grant: &Grant,
        offering: &NewOffering,
        change: &Change,
    ) -> Result<(), StoreError> {
        let provider = granted_provider(grant, Action::ManageOfferings)?;
        if offering.provider_id != provider {
            return Err(StoreError::WrongGrant("another provider's offering"));
        }
        let mut tx = begin_write(self).await?;
        let mut outcome = SeedOutcome::default();
        insert_offering(&mut tx, offering, DbTime::new(change.now()), &mut outcome).await?;
        if outcome.inserted == 0 {
            return Err(StoreError::Duplicate { constraint: "offerings.id".into() });
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_offering(
        &self,
        grant: &Grant,
        offering: &NewOffering,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let provider = granted_provider(grant, Action::ManageOfferings)?;
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE offerings SET category = $3, delivery = $4, capacity = $5, response_time_hours = $6, \
             active = $7, updated_at = $8 WHERE id = $1 AND provider_id = $2",
        )
        .bind(DbId::from(offering.id))
        .bind(DbId::from(provider))
        .bind(offering.category.as_str())
        .bind(offering.delivery.as_str())
        .bind(i64::from(offering.capacity))
        .bind(i64::from(offering.response_time_hours))
        .bind(offering.active)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        for table in
            ["offering_texts", "offering_languages", "offering_regions", "offering_requester_kinds"]
        {
            let sql = match table {
                "offering_texts" => "DELETE FROM offering_texts WHERE offering_id = $1",
                "offering_languages" => "DELETE FROM offering_languages WHERE offering_id = $1",
                "offering_regions" => "DELETE FROM offering_regions WHERE offering_id = $1",
                _ => "DELETE FROM offering_requester_kinds WHERE offering_id = $1",
            };
            sqlx::query(sql).bind(DbId::from(offering.id)).execute(&mut *tx).await?;
        }
        insert_offering_children(&mut tx, offering).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_offering_active(
        &self,
        grant: &Grant,
        id: OfferingId,
        active: bool,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let provider = granted_provider(grant, Action::ManageOfferings)?;
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE offerings SET active = $3, updated_at = $4 WHERE id = $1 AND provider_id = $2",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(provider))
        .bind(active)
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
}

/// An offering's texts, languages, regions and requester kinds, as stored.
async fn offering_children(
    pool: &PoolOf,
    id: OfferingId,
) -> Result<(Vec<NewOfferingText>, Vec<LanguageTag>, Vec<String>, Vec<RequesterKind>), StoreError> {
    let texts: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT language, title, description FROM offering_texts WHERE offering_id = $1 \
         ORDER BY language <> 'en', language",
    )
    .bind(DbId::from(id))
    .fetch_all(pool)
    .await?;
    let texts = texts
        .into_iter()
        .map(|(language, title, description)| {
            Ok(NewOfferingText { language: stored_language(&language)?, title, description })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let languages: Vec<String> = sqlx::query_scalar(
        "SELECT language FROM offering_languages WHERE offering_id = $1 ORDER BY language",
    )
    .bind(DbId::from(id))
    .fetch_all(pool)
    .await?;
    let regions: Vec<String> = sqlx::query_scalar(
        "SELECT region FROM offering_regions WHERE offering_id = $1 ORDER BY region",
    )
    .bind(DbId::from(id))
    .fetch_all(pool)
    .await?;
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM offering_requester_kinds WHERE offering_id = $1 ORDER BY kind",
    )
    .bind(DbId::from(id))
    .fetch_all(pool)
    .await?;
    let languages =
        languages.iter().map(|tag| stored_language(tag)).collect::<Result<Vec<_>, _>>()?;
    let mut kinds = kinds
        .iter()
        .map(|kind| {
            RequesterKind::parse(kind)
                .map_err(|e| StoreError::Corrupt(format!("requester kind: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // In the order the domain declares them, as forms list them.
    kinds.sort();
    Ok((texts, languages, regions, kinds))
}
