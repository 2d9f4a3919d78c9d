// A case's conversation, shared by both backends (see store_impl.rs for how this file is
// compiled). The party is read from the grant, then checked against the request in the same
// transaction as the write: its organisation, or an engagement of the provider.

/// The party a grant makes its holder in a case.
fn case_party(grant: &Grant) -> Result<Role, StoreError> {
    match (grant.action(), grant.resource()) {
        (Action::Triage, Resource::Directory) => Ok(Role::Coordinator),
        (Action::RequestHelp, Resource::Organisation(_)) => Ok(Role::Requester),
        (Action::AnswerOffers, Resource::Provider(_)) => Ok(Role::Provider),
        _ => Err(StoreError::WrongGrant("a party of the case")),
    }
}

#[async_trait]
impl CaseStore for ThisStore {
    async fn post_case_message(
        &self,
        grant: &Grant,
        request: RequestId,
        message: &CaseMessage,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let role = case_party(grant)?;
        if !c4h_domain::case::may_write(role, message.visibility) {
            return Ok(false);
        }
        let mut tx = begin_write(self).await?;
        let current: Option<(String, DbId)> =
            sqlx::query_as("SELECT state, organisation_id FROM assistance_requests WHERE id = $1")
                .bind(DbId::from(request))
                .fetch_optional(&mut *tx)
                .await?;
        let Some((state, organisation)) = current else { return Ok(false) };
        let open = RequestState::parse(&state).is_ok_and(|s| !s.is_final());
        let party = match grant.resource() {
            Resource::Organisation(id) => DbId::from(id) == organisation,
            Resource::Provider(provider) => engaged_provider(&mut tx, request, provider).await?,
            _ => true,
        };
        if !open || !party {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO messages (id, request_id, author_id, kind, visibility, tlp, body, \
             created_at) VALUES ($1, $2, $3, 'message', $4, $5, $6, $7)",
        )
        .bind(DbId::from(MessageId::new()))
        .bind(DbId::from(request))
        .bind(DbId::from(grant.principal()))
        .bind(message.visibility.as_str())
        .bind(message.tlp.as_str())
        .bind(&message.body)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn close_after_silence(
        &self,
        request: RequestId,
        resolved_before: OffsetDateTime,
        change: &Change,
    ) -> Result<bool, StoreError> {
        if RequestTransition::Close.apply(RequestState::Resolved, Role::System).is_err() {
            return Ok(false);
        }
        let mut tx = begin_write(self).await?;
        let now = DbTime::new(change.now());
        let closed = sqlx::query(
            "UPDATE assistance_requests SET state = 'closed', state_changed_at = $3, \
             updated_at = $3 WHERE id = $1 AND state = 'resolved' AND state_changed_at < $2",
        )
        .bind(DbId::from(request))
        .bind(DbTime::new(resolved_before))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() == 0 {
            return Ok(false);
        }
        follow_engagement(&mut tx, request, RequestTransition::Close, None, now).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn log_hours(
        &self,
        grant: &Grant,
        request: RequestId,
        entry: &HoursEntry,
        change: &Change,
    ) -> Result<Option<(u64, u64)>, StoreError> {
        let Resource::Provider(provider) = grant.resource() else {
            return Err(StoreError::WrongGrant("the engaged provider"));
        };
        if grant.action() != Action::AnswerOffers {
            return Err(StoreError::WrongGrant("the engaged provider"));
        }
        let mut tx = begin_write(self).await?;
        let engagement: Option<DbId> = sqlx::query_scalar(
            "SELECT id FROM engagements WHERE request_id = $1 AND provider_id = $2 \
             AND state = 'active'",
        )
        .bind(DbId::from(request))
        .bind(DbId::from(provider))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(engagement) = engagement else { return Ok(None) };
        let before = minutes_of_beneficiary(&mut *tx, request).await?;
        sqlx::query(
            "INSERT INTO time_entries (id, engagement_id, user_id, minutes, worked_on, note, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbId::from(TimeEntryId::new()))
        .bind(engagement)
        .bind(DbId::from(entry.by))
        .bind(i64::from(entry.minutes))
        .bind(entry.worked_on.to_string())
        .bind(entry.note.as_deref())
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some((before, before + u64::from(entry.minutes))))
    }

    async fn beneficiary_minutes(&self, request: RequestId) -> Result<u64, StoreError> {
        minutes_of_beneficiary(&self.pool, request).await
    }
}

/// The minutes logged on every engagement of the organisation that `request` is for.
async fn minutes_of_beneficiary(
    executor: impl sqlx::Executor<'_, Database = Db>,
    request: RequestId,
) -> Result<u64, StoreError> {
    let minutes: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(t.minutes) AS BIGINT) FROM time_entries t \
         JOIN engagements e ON e.id = t.engagement_id \
         JOIN assistance_requests r ON r.id = e.request_id \
         WHERE r.organisation_id = (SELECT organisation_id FROM assistance_requests WHERE id = $1)",
    )
    .bind(DbId::from(request))
    .fetch_optional(executor)
    .await?
    .flatten();
    Ok(u64::try_from(minutes.unwrap_or(0)).unwrap_or(0))
}
