// Notifications, shared by both backends (see store_impl.rs for how this file is compiled).

/// Writes `notifications` inside the caller's transaction (see `record_changes`).
async fn insert_notifications(
    tx: &mut Tx,
    notifications: &[NewNotification],
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    for n in notifications {
        sqlx::query(
            "INSERT INTO notifications (id, user_id, request_id, kind, reference, link, email, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(DbId::from(n.id))
        .bind(DbId::from(n.user))
        .bind(n.request.map(DbId::from))
        .bind(&n.kind)
        .bind(&n.reference)
        .bind(&n.link)
        .bind(n.email.as_str())
        .bind(DbTime::new(at))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

type RecipientRow = (DbId, String, String, String);

fn recipients(rows: Vec<RecipientRow>) -> Result<Vec<Recipient>, StoreError> {
    rows.into_iter()
        .map(|(id, email, language, preference)| {
            Ok(Recipient {
                user: UserId::from_uuid(id.0),
                email: EmailAddress::parse(&email)
                    .map_err(|e| StoreError::Corrupt(format!("recipient e-mail: {e}")))?,
                language,
                preference: EmailPreference::parse(&preference).ok_or_else(|| {
                    StoreError::Corrupt(format!("e-mail preference {preference}"))
                })?,
            })
        })
        .collect()
}

#[async_trait]
impl NotificationStore for ThisStore {
    async fn case_contacts(&self, request: RequestId) -> Result<Option<CaseContacts>, StoreError> {
        let found: Option<(String, bool, DbId, Option<DbId>)> = sqlx::query_as(
            "SELECT r.reference, r.email_compromised, r.organisation_id, \
             (SELECT e.provider_id FROM engagements e WHERE e.request_id = r.id) \
             FROM assistance_requests r WHERE r.id = $1",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        let Some((reference, email_compromised, organisation, provider)) = found else {
            return Ok(None);
        };
        const MEMBERS: &str = "SELECT u.id, u.email, u.preferred_language, u.notify_email \
            FROM memberships m JOIN users u ON u.id = m.user_id \
            WHERE m.state = 'active' AND u.disabled_at IS NULL AND (m.organisation_id = $1 \
            OR m.provider_id = $1) ORDER BY u.id";
        let requester: Vec<RecipientRow> =
            sqlx::query_as(MEMBERS).bind(organisation).fetch_all(&self.pool).await?;
        let provider_members: Vec<RecipientRow> = match provider {
            Some(provider) => sqlx::query_as(MEMBERS).bind(provider).fetch_all(&self.pool).await?,
            None => Vec::new(),
        };
        let staff: Vec<RecipientRow> = sqlx::query_as(
            "SELECT id, email, preferred_language, notify_email FROM users \
             WHERE staff_role IS NOT NULL AND disabled_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(CaseContacts {
            reference,
            email_compromised,
            requester: recipients(requester)?,
            provider: recipients(provider_members)?,
            provider_id: provider.map(|p| ProviderId::from_uuid(p.0)),
            staff: recipients(staff)?,
        }))
    }

    async fn notifications(
        &self,
        user: UserId,
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError> {
        let rows: Vec<(DbId, String, String, String, DbTime, bool)> = sqlx::query_as(
            "SELECT id, kind, reference, link, created_at, (read_at IS NOT NULL) FROM notifications \
             WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(DbId::from(user))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, reference, link, at, read)| Notification {
                id: NotificationId::from_uuid(id.0),
                kind,
                reference,
                link,
                created_at: at.0,
                read,
            })
            .collect())
    }

    async fn unread_notifications(&self, user: UserId) -> Result<u32, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM notifications \
             WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(DbId::from(user))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn open_notification(
        &self,
        user: UserId,
        id: NotificationId,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = begin_write(self).await?;
        let link: Option<String> = sqlx::query_scalar(
            "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
             WHERE id = $1 AND user_id = $2 RETURNING link",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(user))
        .bind(DbTime::new(now))
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(link)
    }

    async fn read_all_notifications(
        &self,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let mut tx = begin_write(self).await?;
        let done = sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(DbId::from(user))
        .bind(DbTime::new(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn email_preference(&self, user: UserId) -> Result<EmailPreference, StoreError> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT notify_email FROM users WHERE id = $1")
                .bind(DbId::from(user))
                .fetch_optional(&self.pool)
                .await?;
        Ok(code.as_deref().and_then(EmailPreference::parse).unwrap_or(EmailPreference::Immediately))
    }

    async fn set_email_preference(
        &self,
        user: UserId,
        preference: EmailPreference,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        sqlx::query("UPDATE users SET notify_email = $2, updated_at = $3 WHERE id = $1")
            .bind(DbId::from(user))
            .bind(preference.as_str())
            .bind(DbTime::new(change.now()))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn digests_due(&self) -> Result<Vec<Digest>, StoreError> {
        let rows: Vec<(DbId, String, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.email, u.preferred_language, u.notify_email, \
             CAST(COUNT(*) AS BIGINT) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.email = 'digest' AND u.disabled_at IS NULL \
             GROUP BY u.id, u.email, u.preferred_language, u.notify_email ORDER BY u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, email, language, preference, count)| {
                let recipient = recipients(vec![(id, email, language, preference)])?.remove(0);
                Ok(Digest { recipient, count: u32::try_from(count).unwrap_or(u32::MAX) })
            })
            .collect()
    }

    async fn mark_digested(&self, user: UserId, change: &Change) -> Result<u64, StoreError> {
        let mut tx = begin_write(self).await?;
        let marked = sqlx::query(
            "UPDATE notifications SET email = 'digested' WHERE user_id = $1 AND email = 'digest'",
        )
        .bind(DbId::from(user))
        .execute(&mut *tx)
        .await?;
        commit_if_changed(tx, marked.rows_affected(), change).await
    }
}
