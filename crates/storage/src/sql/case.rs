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

/// Where a request stands for the holder of a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// The grant's holder is a party and the request is not over.
    OpenToParty,
    /// A party, but the request is over.
    ClosedToParty,
}

/// Whether the grant's holder is a party of `request` (its organisation, the engaged provider,
/// a coordinator), and whether the request is open. `None`: no such request, or not a party.
/// Also touches the request's row, which holds it locked until the transaction ends (PostgreSQL;
/// SQLite has one writer anyway), so checks made after this one cannot race another writer's.
async fn party_standing(
    tx: &mut Tx,
    grant: &Grant,
    request: RequestId,
) -> Result<Option<Standing>, StoreError> {
    let current: Option<(String, DbId)> = sqlx::query_as(
        "UPDATE assistance_requests SET updated_at = updated_at WHERE id = $1 \
         RETURNING state, organisation_id",
    )
    .bind(DbId::from(request))
    .fetch_optional(&mut **tx)
    .await?;
    let Some((state, organisation)) = current else { return Ok(None) };
    let party = match grant.resource() {
        Resource::Organisation(id) => DbId::from(id) == organisation,
        Resource::Provider(provider) => engaged_provider(tx, request, provider).await?,
        _ => true,
    };
    let open = RequestState::parse(&state).is_ok_and(|s| !s.is_final());
    Ok(match (party, open) {
        (false, _) => None,
        (true, true) => Some(Standing::OpenToParty),
        (true, false) => Some(Standing::ClosedToParty),
    })
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
        if party_standing(&mut tx, grant, request).await? != Some(Standing::OpenToParty) {
            return Ok(false);
        }
        let id = MessageId::new();
        sqlx::query(
            "INSERT INTO messages (id, request_id, author_id, kind, visibility, tlp, body, \
             created_at) VALUES ($1, $2, $3, 'message', $4, $5, $6, $7)",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(request))
        .bind(DbId::from(grant.principal()))
        .bind(message.visibility.as_str())
        .bind(message.tlp.as_str())
        .bind(seal(&self.keys.now(), "messages.body", id, &message.body))
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
        let keys = self.keys.now();
        follow_engagement(&mut tx, &keys, request, RequestTransition::Close, None, now).await?;
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
        let id = TimeEntryId::new();
        let note = seal_opt(&self.keys.now(), "time_entries.note", id, entry.note.as_deref());
        sqlx::query(
            "INSERT INTO time_entries (id, engagement_id, user_id, minutes, worked_on, note, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbId::from(id))
        .bind(engagement)
        .bind(DbId::from(entry.by))
        .bind(i64::from(entry.minutes))
        .bind(entry.worked_on.to_string())
        .bind(note)
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

    async fn add_case_file(
        &self,
        grant: &Grant,
        request: RequestId,
        file: &NewCaseFile,
        max_files: u32,
        change: &Change,
    ) -> Result<Option<FileAdded>, StoreError> {
        let role = case_party(grant)?;
        let mut tx = begin_write(self).await?;
        match party_standing(&mut tx, grant, request).await? {
            None => return Ok(None),
            Some(Standing::ClosedToParty) => return Ok(Some(FileAdded::Refused)),
            Some(Standing::OpenToParty) => {}
        }
        if !c4h_domain::case::may_write(role, file.visibility) {
            return Ok(Some(FileAdded::Refused));
        }
        let count: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM attachments WHERE request_id = $1",
        )
        .bind(DbId::from(request))
        .fetch_one(&mut *tx)
        .await?;
        if count >= i64::from(max_files) {
            return Ok(Some(FileAdded::TooMany));
        }
        let storage_key = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO attachments (id, request_id, uploaded_by, file_name, declared_type, \
             size_bytes, sha256, storage_key, visibility, tlp, key_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(DbId::from(file.id))
        .bind(DbId::from(request))
        .bind(DbId::from(grant.principal()))
        .bind(file.name.as_str())
        .bind(file.declared_type.as_deref())
        .bind(i64::try_from(file.size_bytes).unwrap_or(i64::MAX))
        .bind(&file.sha256)
        .bind(&storage_key)
        .bind(file.visibility.as_str())
        .bind(file.tlp.as_str())
        .bind(&file.key_id)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO attachment_blobs (storage_key, sealed) VALUES ($1, $2)")
            .bind(&storage_key)
            .bind(&file.sealed)
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(FileAdded::Added))
    }

    async fn set_next_steps(
        &self,
        grant: &Grant,
        request: RequestId,
        next_steps: &str,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let Resource::Provider(provider) = grant.resource() else {
            return Err(StoreError::WrongGrant("the engaged provider"));
        };
        if grant.action() != Action::AnswerOffers {
            return Err(StoreError::WrongGrant("the engaged provider"));
        }
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE engagements SET next_steps = $3 WHERE request_id = $1 AND provider_id = $2 \
             AND state = 'active'",
        )
        .bind(DbId::from(request))
        .bind(DbId::from(provider))
        .bind(seal(&self.keys.now(), "engagements.next_steps", request, next_steps))
        .execute(&mut *tx)
        .await?;
        Ok(commit_if_changed(tx, updated.rows_affected(), change).await? > 0)
    }

    async fn leave_feedback(
        &self,
        grant: &Grant,
        request: RequestId,
        feedback: &FeedbackToLeave,
        change: &Change,
    ) -> Result<Option<FeedbackOutcome>, StoreError> {
        let side = match case_party(grant)? {
            Role::Requester => "requester",
            Role::Provider => "provider",
            _ => return Err(StoreError::WrongGrant("a requester or the engaged provider")),
        };
        let mut tx = begin_write(self).await?;
        if party_standing(&mut tx, grant, request).await?.is_none() {
            return Ok(None);
        }
        let engagement: Option<(DbId, String)> =
            sqlx::query_as("SELECT id, state FROM engagements WHERE request_id = $1")
                .bind(DbId::from(request))
                .fetch_optional(&mut *tx)
                .await?;
        let Some((engagement, state)) = engagement else { return Ok(None) };
        if state == "active" {
            return Ok(Some(FeedbackOutcome::NotYet));
        }
        let id = FeedbackId::new();
        let comment =
            seal_opt(&self.keys.now(), "feedback.comment", id, feedback.comment.as_deref());
        let inserted = sqlx::query(
            "INSERT INTO feedback (id, engagement_id, author_id, side, rating, comment, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (engagement_id, side) DO NOTHING",
        )
        .bind(DbId::from(id))
        .bind(engagement)
        .bind(DbId::from(grant.principal()))
        .bind(side)
        .bind(feedback.rating.map(i64::from))
        .bind(comment)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(Some(FeedbackOutcome::AlreadyGiven));
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(FeedbackOutcome::Recorded))
    }

    async fn case_version(&self, request: RequestId) -> Result<Option<i64>, StoreError> {
        // The newest change, walking the (request_id, seq) index backwards past readings (which
        // an open page's own refresh writes, and which must not look like activity).
        let seq: Option<i64> = sqlx::query_scalar(
            "SELECT seq FROM audit_events WHERE request_id = $1 AND action NOT LIKE '%.read' \
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        Ok(seq)
    }

    async fn beneficiary_budget(&self, request: RequestId) -> Result<Option<u32>, StoreError> {
        let hours: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT CAST(o.hour_budget_hours AS BIGINT) FROM organisations o \
             JOIN assistance_requests r ON r.organisation_id = o.id WHERE r.id = $1",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        Ok(hours.flatten().and_then(|h| u32::try_from(h).ok()))
    }

    async fn set_beneficiary_budget(
        &self,
        grant: &Grant,
        request: RequestId,
        hours: u32,
        change: &Change,
    ) -> Result<bool, StoreError> {
        if case_party(grant)? != Role::Coordinator {
            return Err(StoreError::WrongGrant("the directory"));
        }
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE organisations SET hour_budget_hours = $2 \
             WHERE id = (SELECT organisation_id FROM assistance_requests WHERE id = $1)",
        )
        .bind(DbId::from(request))
        .bind(i64::from(hours))
        .execute(&mut *tx)
        .await?;
        Ok(commit_if_changed(tx, updated.rows_affected(), change).await? > 0)
    }

    async fn case_file(
        &self,
        grant: &Grant,
        request: RequestId,
        file: AttachmentId,
    ) -> Result<Option<StoredCaseFile>, StoreError> {
        let role = case_party(grant)?;
        let asked_provider = match grant.resource() {
            Resource::Provider(provider) => DbId::from(provider),
            _ => DbId(uuid::Uuid::nil()),
        };
        let row: Option<StoredFileRow> = sqlx::query_as(
            "SELECT a.id, a.file_name, a.declared_type, a.size_bytes, a.sha256, a.visibility, \
             a.tlp, u.display_name AS uploaded_by_name, (u.staff_role IS NOT NULL) AS from_staff, \
             a.created_at, a.key_id, b.sealed, r.organisation_id, \
             EXISTS (SELECT 1 FROM engagements e WHERE e.request_id = r.id \
             AND e.provider_id = $3) AS engaged \
             FROM attachments a JOIN attachment_blobs b ON b.storage_key = a.storage_key \
             JOIN users u ON u.id = a.uploaded_by \
             JOIN assistance_requests r ON r.id = a.request_id \
             WHERE a.id = $1 AND a.request_id = $2",
        )
        .bind(DbId::from(file))
        .bind(DbId::from(request))
        .bind(asked_provider)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let party = match grant.resource() {
            Resource::Organisation(id) => DbId::from(id) == row.organisation_id,
            Resource::Provider(_) => row.engaged,
            _ => true,
        };
        let stored = StoredCaseFile {
            file: CaseFile::try_from(row.file)?,
            key_id: row.key_id,
            sealed: row.sealed,
        };
        let readable = c4h_domain::case::readable_by(role).contains(&stored.file.visibility);
        Ok((party && readable).then_some(stored))
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
