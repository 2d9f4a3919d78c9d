// The coordinators' directory, shared by both backends (see store_impl.rs for how this file is
// compiled). Queries are assembled from fixed fragments, one per filter present, values bound.

fn directory_grant(grant: &Grant) -> Result<(), StoreError> {
    if grant.action() == Action::View && grant.resource() == Resource::Directory {
        Ok(())
    } else {
        Err(StoreError::WrongGrant("the directory"))
    }
}

/// Adds `LIMIT … OFFSET …` for a window.
fn window(builder: &mut QueryBuilder<Db>, window: Window) {
    builder.push(" LIMIT ").push_bind(i64::from(window.limit));
    builder.push(" OFFSET ").push_bind(i64::from(window.offset));
}

fn provider_filters(builder: &mut QueryBuilder<Db>, filter: &ProviderFilter) {
    builder.push(" FROM providers p WHERE 1 = 1");
    if let Some(text) = filter.text.as_deref().filter(|t| !t.trim().is_empty()) {
        builder
            .push(" AND lower(p.name) LIKE ")
            .push_bind(like_pattern(text.trim()))
            .push(" ESCAPE '\\'");
    }
    if let Some(state) = filter.vetting {
        builder.push(" AND p.vetting_state = ").push_bind(state.as_str());
    }
    if let Some(country) = filter.country {
        builder.push(" AND p.home_country = ").push_bind(country.as_str());
    }
}

fn organisation_filters(builder: &mut QueryBuilder<Db>, filter: &OrganisationFilter) {
    builder.push(" FROM organisations o WHERE 1 = 1");
    if let Some(text) = filter.text.as_deref().filter(|t| !t.trim().is_empty()) {
        builder
            .push(" AND lower(o.name) LIKE ")
            .push_bind(like_pattern(text.trim()))
            .push(" ESCAPE '\\'");
    }
    if let Some(state) = filter.verification {
        builder.push(" AND o.verification_state = ").push_bind(state.as_str());
    }
    if let Some(country) = filter.country {
        builder.push(" AND o.country = ").push_bind(country.as_str());
    }
    if let Some(kind) = filter.kind {
        builder.push(" AND o.kind = ").push_bind(kind.as_str());
    }
}

fn offering_filters(builder: &mut QueryBuilder<Db>, filter: &OfferingFilter) {
    builder.push(" FROM offerings o JOIN providers p ON p.id = o.provider_id WHERE 1 = 1");
    if let Some(text) = filter.text.as_deref().filter(|t| !t.trim().is_empty()) {
        let pattern = like_pattern(text.trim());
        builder.push(" AND (lower(p.name) LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
        builder.push(" OR EXISTS (SELECT 1 FROM offering_texts s WHERE s.offering_id = o.id AND s.search_text LIKE ");
        builder.push_bind(pattern).push(" ESCAPE '\\'))");
    }
    if let Some(category) = filter.category {
        builder.push(" AND o.category = ").push_bind(category.as_str());
    }
    if let Some(active) = filter.active {
        builder.push(" AND o.active = ").push_bind(active);
    }
    if let Some(provider) = filter.provider {
        builder.push(" AND o.provider_id = ").push_bind(DbId::from(provider));
    }
    if let Some(id) = filter.id {
        builder.push(" AND o.id = ").push_bind(DbId::from(id));
    }
}

async fn total(
    pool: &PoolOf,
    filters: impl FnOnce(&mut QueryBuilder<Db>),
) -> Result<u64, StoreError> {
    let mut builder = QueryBuilder::<Db>::new("SELECT COUNT(*)");
    filters(&mut builder);
    let total: i64 = builder.build_query_scalar().fetch_one(pool).await?;
    Ok(u64::try_from(total).unwrap_or(0))
}

#[async_trait]
impl DirectoryStore for ThisStore {
    async fn providers_directory(
        &self,
        grant: &Grant,
        filter: &ProviderFilter,
        page: Window,
    ) -> Result<Page<ProviderRow>, StoreError> {
        directory_grant(grant)?;
        let mut builder = QueryBuilder::<Db>::new(
            "SELECT p.id, p.name, p.home_country, p.vetting_state, p.created_at, \
             (SELECT COUNT(*) FROM offerings o WHERE o.provider_id = p.id) AS offerings, \
             (SELECT COUNT(*) FROM provider_reviews r WHERE r.provider_id = p.id \
              AND r.confirmed_at IS NULL AND r.withdrawn_at IS NULL) AS open_reviews",
        );
        provider_filters(&mut builder, filter);
        builder.push(" ORDER BY p.created_at DESC, p.id");
        window(&mut builder, page);
        let rows: Vec<ProviderListRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(ProviderRow::try_from).collect::<Result<_, _>>()?;
        Ok(Page { items, total: total(&self.pool, |b| provider_filters(b, filter)).await? })
    }

    async fn organisations_directory(
        &self,
        grant: &Grant,
        filter: &OrganisationFilter,
        page: Window,
    ) -> Result<Page<OrganisationRow>, StoreError> {
        directory_grant(grant)?;
        let mut builder = QueryBuilder::<Db>::new(
            "SELECT o.id, o.name, o.kind, o.country, o.verification_state, o.website, o.registry_number, \
             o.created_at, (SELECT u.email FROM users u WHERE u.id = o.created_by) AS registrant_email, \
             (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id AND m.state = 'active') AS members",
        );
        organisation_filters(&mut builder, filter);
        builder.push(" ORDER BY CASE o.verification_state WHEN 'unverified' THEN 0 ELSE 1 END, o.created_at DESC, o.id");
        window(&mut builder, page);
        let rows: Vec<OrganisationListRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(OrganisationRow::try_from).collect::<Result<_, _>>()?;
        Ok(Page { items, total: total(&self.pool, |b| organisation_filters(b, filter)).await? })
    }

    async fn offerings_directory(
        &self,
        grant: &Grant,
        filter: &OfferingFilter,
        page: Window,
    ) -> Result<Page<OfferingRow>, StoreError> {
        directory_grant(grant)?;
        let mut builder = QueryBuilder::<Db>::new(
            "SELECT o.id, o.provider_id, p.name AS provider_name, p.vetting_state, o.category, o.active, o.capacity, \
             (SELECT t.title FROM offering_texts t WHERE t.offering_id = o.id ORDER BY t.language <> 'en', t.language LIMIT 1) AS title, \
             (SELECT t.language FROM offering_texts t WHERE t.offering_id = o.id ORDER BY t.language <> 'en', t.language LIMIT 1) AS title_language, \
             (SELECT COUNT(*) FROM engagements e WHERE e.offering_id = o.id AND e.state = 'active') AS in_use",
        );
        offering_filters(&mut builder, filter);
        builder.push(" ORDER BY lower(p.name), o.category, o.id");
        window(&mut builder, page);
        let rows: Vec<OfferingListRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(OfferingRow::try_from).collect::<Result<_, _>>()?;
        Ok(Page { items, total: total(&self.pool, |b| offering_filters(b, filter)).await? })
    }

    async fn history(
        &self,
        grant: &Grant,
        object_kind: &str,
        object_id: &str,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        directory_grant(grant)?;
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT seq, occurred_at, actor_id, actor_label, action, object_kind, object_id, \
             request_id, client_address, details, prev_hash, hash FROM audit_events \
             WHERE object_kind = $1 AND object_id = $2 AND action NOT LIKE '%.read' \
             ORDER BY seq DESC LIMIT $3",
        )
        .bind(object_kind)
        .bind(object_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }

    async fn verify_organisation(
        &self,
        grant: &Grant,
        verified: bool,
        note: &str,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let Some(organisation) = grant.organisation().filter(|_| grant.action() == Action::Verify)
        else {
            return Err(StoreError::WrongGrant("verifying an organisation"));
        };
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE organisations SET verification_state = $2, verification_note = $3, verified_by = $4, \
             verified_at = $5, updated_at = $5 WHERE id = $1",
        )
        .bind(DbId::from(organisation))
        .bind(if verified { "verified" } else { "rejected" })
        .bind(seal(&self.keys.now(), "organisations.verification_note", organisation, note))
        .bind(DbId::from(grant.principal()))
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
