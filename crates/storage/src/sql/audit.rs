// Reading the audit trail (see `store/audit.rs`).

fn audit_grant(grant: &Grant) -> Result<(), StoreError> {
    if grant.action() == Action::View && grant.resource() == Resource::AuditTrail {
        Ok(())
    } else {
        Err(StoreError::WrongGrant("the audit trail"))
    }
}

#[async_trait]
impl AuditStore for ThisStore {
    async fn audit_search(
        &self,
        grant: &Grant,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        audit_grant(grant)?;
        let mut builder: QueryBuilder<Db> = QueryBuilder::new(
            "SELECT seq, occurred_at, actor_id, actor_label, action, object_kind, object_id, \
             request_id, client_address, details, prev_hash, hash FROM audit_events WHERE 1 = 1",
        );
        if let Some(before) = before {
            builder.push(" AND seq < ").push_bind(before);
        }
        if let Some(actor) = filter.actor {
            builder.push(" AND actor_id = ").push_bind(DbId::from(actor));
        }
        if let Some(action) = filter.action.as_deref() {
            // A prefix without LIKE, so that no character of it is a wildcard.
            let length = i32::try_from(action.chars().count()).unwrap_or(i32::MAX);
            builder.push(" AND substr(action, 1, ").push_bind(length);
            builder.push(") = ").push_bind(action.to_owned());
        }
        if let Some(kind) = filter.object_kind.as_deref() {
            builder.push(" AND object_kind = ").push_bind(kind.to_owned());
        }
        if let Some(id) = filter.object_id.as_deref() {
            builder.push(" AND object_id = ").push_bind(id.to_owned());
        }
        if let Some(request) = filter.request {
            builder.push(" AND request_id = ").push_bind(DbId::from(request));
        }
        if let Some(from) = filter.from {
            builder.push(" AND occurred_at >= ").push_bind(DbTime::new(from));
        }
        if let Some(until) = filter.until {
            builder.push(" AND occurred_at < ").push_bind(DbTime::new(until));
        }
        builder.push(" ORDER BY seq DESC LIMIT ").push_bind(i64::from(limit));
        let rows: Vec<AuditRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }

    async fn audit_request_by_reference(
        &self,
        grant: &Grant,
        reference: &str,
    ) -> Result<Option<RequestId>, StoreError> {
        audit_grant(grant)?;
        // As typed, or in capitals as references are made (both by the unique index).
        let id: Option<DbId> = sqlx::query_scalar(
            "SELECT id FROM assistance_requests WHERE reference = $1 OR reference = $2 LIMIT 1",
        )
        .bind(reference.trim())
        .bind(reference.trim().to_uppercase())
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(|id| RequestId::from_uuid(id.0)))
    }

    async fn audit_request_references(
        &self,
        grant: &Grant,
        requests: &[RequestId],
    ) -> Result<Vec<(RequestId, String)>, StoreError> {
        audit_grant(grant)?;
        let mut found = Vec::with_capacity(requests.len());
        // A page holds at most a few dozen distinct cases: one probe of the primary key each.
        for &request in requests {
            let reference: Option<String> =
                sqlx::query_scalar("SELECT reference FROM assistance_requests WHERE id = $1")
                    .bind(DbId::from(request))
                    .fetch_optional(&self.pool)
                    .await?;
            found.extend(reference.map(|reference| (request, reference)));
        }
        Ok(found)
    }
}
