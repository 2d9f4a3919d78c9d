// Retention (see `store/retention.rs`), shared by both backends (see store_impl.rs for how this
// file is compiled): legal holds, the purge of due cases and audit events, erasure of accounts.
// A person's data document is in personal_data.rs.

/// A request due under the cut-offs `$2` (ended cases) and `$3` (drafts), not on hold, in
/// `assistance_requests`. The ended states are `c4h_domain::retention::ENDED_STATES`.
macro_rules! due_condition {
    () => {
        "legal_hold_at IS NULL AND ((state IN ('closed', 'declined', 'withdrawn') \
         AND state_changed_at < $2) OR (state = 'draft' AND updated_at < $3))"
    };
}

/// Deletes request `id` and everything of its case, children first, inside `tx`.
async fn delete_case_rows(tx: &mut Tx, id: DbId) -> Result<PurgedCase, StoreError> {
    async fn run(tx: &mut Tx, sql: &'static str, id: DbId) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql).bind(id).execute(&mut **tx).await?.rows_affected())
    }
    // A case merged into this one keeps its own record, without the pointer.
    run(tx, "UPDATE assistance_requests SET merged_into = NULL WHERE merged_into = $1", id).await?;
    run(
        tx,
        "DELETE FROM attachment_blobs WHERE storage_key IN \
         (SELECT storage_key FROM attachments WHERE request_id = $1)",
        id,
    )
    .await?;
    let files = run(tx, "DELETE FROM attachments WHERE request_id = $1", id).await?;
    let messages = run(tx, "DELETE FROM messages WHERE request_id = $1", id).await?;
    let feedback = run(
        tx,
        "DELETE FROM feedback WHERE engagement_id IN \
         (SELECT id FROM engagements WHERE request_id = $1)",
        id,
    )
    .await?;
    let time_entries = run(
        tx,
        "DELETE FROM time_entries WHERE engagement_id IN \
         (SELECT id FROM engagements WHERE request_id = $1)",
        id,
    )
    .await?;
    run(tx, "DELETE FROM engagements WHERE request_id = $1", id).await?;
    let offers = run(tx, "DELETE FROM offers WHERE request_id = $1", id).await?;
    let notifications = run(tx, "DELETE FROM notifications WHERE request_id = $1", id).await?;
    run(tx, "DELETE FROM assistance_requests WHERE id = $1", id).await?;
    Ok(PurgedCase { messages, files, offers, time_entries, feedback, notifications })
}

/// `change` with `extra` merged into its details.
fn with_more_details(change: &Change, extra: serde_json::Value) -> Change {
    let mut change = change.clone();
    if let (serde_json::Value::Object(details), serde_json::Value::Object(extra)) =
        (&mut change.audit.details, extra)
    {
        details.extend(extra);
    }
    change
}

#[async_trait]
impl RetentionStore for ThisStore {
    async fn set_legal_hold(
        &self,
        grant: &Grant,
        request: RequestId,
        reason: Option<&str>,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let (Action::Triage, Resource::Directory) = (grant.action(), grant.resource()) else {
            return Err(StoreError::WrongGrant("triage on the directory"));
        };
        let mut tx = begin_write(self).await?;
        let now = DbTime::new(change.now());
        let changed =
            match reason {
                Some(reason) => {
                    sqlx::query(
                        "UPDATE assistance_requests SET legal_hold_at = $2, legal_hold_by = $3, \
                 legal_hold_reason = $4, updated_at = $2 WHERE id = $1 AND legal_hold_at IS NULL",
                    )
                    .bind(DbId::from(request))
                    .bind(now)
                    .bind(DbId::from(grant.principal()))
                    .bind(seal(
                        &self.keys.now(),
                        "assistance_requests.legal_hold_reason",
                        request,
                        reason,
                    ))
                    .execute(&mut *tx)
                    .await?
                }
                None => sqlx::query(
                    "UPDATE assistance_requests SET legal_hold_at = NULL, legal_hold_by = NULL, \
                 legal_hold_reason = NULL, updated_at = $2 \
                 WHERE id = $1 AND legal_hold_at IS NOT NULL",
                )
                .bind(DbId::from(request))
                .bind(now)
                .execute(&mut *tx)
                .await?,
            };
        Ok(commit_if_changed(tx, changed.rows_affected(), change).await? > 0)
    }

    async fn legal_hold(&self, request: RequestId) -> Result<Option<LegalHold>, StoreError> {
        let row: Option<(DbTime, String, Option<String>)> = sqlx::query_as(
            "SELECT r.legal_hold_at, u.display_name, r.legal_hold_reason \
             FROM assistance_requests r JOIN users u ON u.id = r.legal_hold_by \
             WHERE r.id = $1 AND r.legal_hold_at IS NOT NULL",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        let Some((placed_at, placed_by, reason)) = row else { return Ok(None) };
        let keys = self.keys.now();
        let reason = open_opt(&keys, "assistance_requests.legal_hold_reason", request, reason)?
            .unwrap_or_default();
        Ok(Some(LegalHold { placed_at: placed_at.0, placed_by, reason }))
    }

    async fn requests_due(
        &self,
        cutoffs: &Cutoffs,
        limit: u32,
    ) -> Result<Vec<RequestId>, StoreError> {
        let ids: Vec<DbId> = sqlx::query_scalar(concat!(
            "SELECT id FROM assistance_requests WHERE ",
            due_condition!(),
            " ORDER BY state_changed_at, id LIMIT $1"
        ))
        .bind(i64::from(limit))
        .bind(cutoffs.ended_cases.map(DbTime::new))
        .bind(cutoffs.drafts.map(DbTime::new))
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(|id| RequestId::from_uuid(id.0)).collect())
    }

    async fn purge_request(
        &self,
        request: RequestId,
        cutoffs: &Cutoffs,
        change: &Change,
    ) -> Result<Option<PurgedCase>, StoreError> {
        let mut tx = begin_write(self).await?;
        // Re-checked here, and the row locked (PostgreSQL) until the purge commits, so a hold
        // placed or a case reopened meanwhile wins.
        let due: Option<(String, String)> = sqlx::query_as(concat!(
            "UPDATE assistance_requests SET updated_at = updated_at WHERE id = $1 AND ",
            due_condition!(),
            " RETURNING reference, state"
        ))
        .bind(DbId::from(request))
        .bind(cutoffs.ended_cases.map(DbTime::new))
        .bind(cutoffs.drafts.map(DbTime::new))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((reference, state)) = due else { return Ok(None) };
        let purged = delete_case_rows(&mut tx, DbId::from(request)).await?;
        let change = with_more_details(
            change,
            serde_json::json!({
                "reference": reference,
                "state": state,
                "messages": purged.messages,
                "files": purged.files,
                "offers": purged.offers,
                "time_entries": purged.time_entries,
                "feedback": purged.feedback,
                "notifications": purged.notifications,
            }),
        );
        record_change(&mut tx, &change).await?;
        tx.commit().await?;
        Ok(Some(purged))
    }

    async fn unverified_accounts_due(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<UserId>, StoreError> {
        let ids: Vec<DbId> = sqlx::query_scalar(
            "SELECT u.id FROM users u WHERE u.email_verified_at IS NULL AND u.erased_at IS NULL \
             AND u.staff_role IS NULL AND u.created_at < $1 AND NOT EXISTS (SELECT 1 FROM \
             assistance_requests r WHERE r.requester_id = u.id AND r.state <> 'draft') \
             ORDER BY u.created_at, u.id LIMIT $2",
        )
        .bind(DbTime::new(before))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(|id| UserId::from_uuid(id.0)).collect())
    }

    async fn erase_account(
        &self,
        user: UserId,
        rule: ErasureRule,
        pseudonym: &str,
        change: &Change,
    ) -> Result<Erasure, StoreError> {
        let mut tx = begin_write(self).await?;
        let id = DbId::from(user);
        let account: Option<(Option<String>, Option<DbTime>, Option<DbTime>, DbTime)> =
            sqlx::query_as(
                "SELECT staff_role, email_verified_at, erased_at, created_at FROM users \
                 WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((staff_role, verified, erased, created)) = account else {
            return Ok(Erasure::NotDone);
        };
        if erased.is_some() {
            return Ok(Erasure::NotDone);
        }
        let submitted: Vec<String> = sqlx::query_scalar(
            "SELECT reference FROM assistance_requests WHERE requester_id = $1 \
             AND state NOT IN ('draft', 'closed', 'declined', 'withdrawn') ORDER BY reference",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        match rule {
            ErasureRule::OwnRequest => {
                if !submitted.is_empty() {
                    return Ok(Erasure::OpenCases(submitted));
                }
                if staff_role.as_deref() == Some("admin") {
                    let others: i64 = sqlx::query_scalar(
                        "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE staff_role = 'admin' \
                         AND disabled_at IS NULL AND erased_at IS NULL AND id <> $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if others == 0 {
                        return Ok(Erasure::LastAdministrator);
                    }
                }
            }
            ErasureRule::NeverVerified { created_before } => {
                let filed: i64 = sqlx::query_scalar(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM assistance_requests \
                     WHERE requester_id = $1 AND state <> 'draft'",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let due = verified.is_none()
                    && staff_role.is_none()
                    && created.0 < created_before
                    && filed == 0;
                if !due {
                    return Ok(Erasure::NotDone);
                }
            }
        }
        let drafts: Vec<DbId> = sqlx::query_scalar(
            "SELECT id FROM assistance_requests WHERE requester_id = $1 AND state = 'draft'",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for draft in &drafts {
            delete_case_rows(&mut tx, *draft).await?;
        }
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM one_time_tokens WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM trusted_devices WHERE user_id = $1",
            "DELETE FROM notifications WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        let now = DbTime::new(change.now());
        sqlx::query(
            "UPDATE memberships SET state = 'removed', updated_at = $2 \
             WHERE user_id = $1 AND state <> 'removed'",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // An address that can never receive mail (RFC 2606's .invalid) and is unique per account.
        let address = format!("erased-{}@erased.invalid", user.as_uuid().simple());
        sqlx::query(
            "UPDATE users SET email = $2, display_name = $3, password_hash = NULL, \
             totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, \
             disabled_at = COALESCE(disabled_at, $4), erased_at = $4, updated_at = $4 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(address)
        .bind(pseudonym)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let drafts_deleted = drafts.len() as u64;
        let change = with_more_details(change, serde_json::json!({ "drafts": drafts_deleted }));
        record_change(&mut tx, &change).await?;
        tx.commit().await?;
        Ok(Erasure::Erased { drafts_deleted })
    }

    async fn purge_audit_events(
        &self,
        before: OffsetDateTime,
        limit: u32,
        change: &Change,
    ) -> Result<Option<AuditPurge>, StoreError> {
        let mut tx = begin_write(self).await?;
        let base: i64 =
            sqlx::query_scalar("SELECT base_seq FROM audit_chain_head").fetch_one(&mut *tx).await?;
        let oldest: Vec<(i64, String, DbTime)> = sqlx::query_as(
            "SELECT seq, hash, occurred_at FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(base)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        // Oldest first, and only the unbroken run of events old enough: the trail never has a
        // hole in its middle.
        let Some((to, base_hash, _)) =
            oldest.into_iter().take_while(|(_, _, at)| at.0 < before).last()
        else {
            return Ok(None);
        };
        // Compare-and-set: a purge that raced this one moved the base first, and this one stops.
        let moved = sqlx::query(
            "UPDATE audit_chain_head SET base_seq = $1, base_hash = $2 WHERE base_seq = $3",
        )
        .bind(to)
        .bind(&base_hash)
        .bind(base)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query("DELETE FROM audit_events WHERE seq > $1 AND seq <= $2")
            .bind(base)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        let purge = AuditPurge { from: base + 1, to, base_hash };
        let change = with_more_details(
            change,
            serde_json::json!({
                "from_seq": purge.from,
                "to_seq": purge.to,
                "base_hash": purge.base_hash,
            }),
        );
        record_change(&mut tx, &change).await?;
        tx.commit().await?;
        Ok(Some(purge))
    }

    async fn personal_data(&self, user: UserId) -> Result<serde_json::Value, StoreError> {
        personal_data_of(self, user).await
    }
}
