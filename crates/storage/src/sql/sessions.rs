// Sessions, shared by both backends (see store_impl.rs for how this file is compiled).

/// The session columns of `SessionRow` (prefixed `s.`) and the user columns of `UserRow`
/// (prefixed `u.`), for a join of `sessions s` and `users u`.
macro_rules! session_and_user_columns {
    () => {
        concat!(
            "s.id AS session_id, s.user_id AS session_user_id, s.mfa_verified, s.reauthenticated_at, ",
            "s.client_address AS session_client_address, s.user_agent AS session_user_agent, ",
            "s.created_at AS session_created_at, s.last_seen_at, s.idle_expires_at, s.absolute_expires_at, ",
            "u.id, u.email, u.display_name, u.staff_role, u.preferred_language, ",
            "u.password_hash IS NOT NULL AS can_sign_in, u.email_verified_at IS NOT NULL AS email_verified, ",
            "u.disabled_at IS NOT NULL AS disabled, u.totp_enrolled_at IS NOT NULL AS mfa_enrolled, u.created_at"
        )
    };
}

async fn insert_session(tx: &mut Tx, session: &NewSession) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, mfa_verified, client_address, user_agent, \
         created_at, last_seen_at, idle_expires_at, absolute_expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
    )
    .bind(DbId::from(session.id))
    .bind(&session.token_hash)
    .bind(DbId::from(session.user_id))
    .bind(session.mfa_verified)
    .bind(session.client_address.as_deref())
    .bind(session.user_agent.as_deref())
    .bind(DbTime::new(session.created_at))
    .bind(DbTime::new(session.idle_expires_at))
    .bind(DbTime::new(session.absolute_expires_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl SessionStore for ThisStore {
    async fn create_session(
        &self,
        session: &NewSession,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        insert_session(&mut tx, session).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_by_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<SessionContext>, StoreError> {
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "SELECT {}, {} AS memberships FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > $2 \
                 AND s.absolute_expires_at > $2 AND u.disabled_at IS NULL",
                session_and_user_columns!(),
                dialect::MEMBERSHIPS_OF_U,
            )
        });
        // Fixed text: the column list and the dialect's constant.
        let row: Option<SessionContextRow> = sqlx::query_as(sqlx::AssertSqlSafe(SQL.as_str()))
            .bind(token_hash)
            .bind(DbTime::new(now))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let memberships = rows_identity::packed_memberships(row.memberships.as_deref())?;
        let session = SessionRecord::from(row.inner.session);
        let user = User::try_from(row.inner.user)?;
        let principal = Principal {
            user_id: user.id,
            staff_role: user.staff_role,
            email_verified: user.email_verified,
            memberships,
        };
        Ok(Some(SessionContext { session, user, principal }))
    }

    async fn touch_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
        idle_expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1 AND revoked_at IS NULL")
            .bind(DbId::from(id))
            .bind(DbTime::new(now))
            .bind(DbTime::new(idle_expires_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn complete_mfa(
        &self,
        id: SessionId,
        new_token_hash: &str,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE sessions SET mfa_verified = TRUE, token_hash = $2, reauthenticated_at = $3, last_seen_at = $3 \
             WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(DbId::from(id))
        .bind(new_token_hash)
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

    async fn mark_reauthenticated(&self, id: SessionId, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        sqlx::query("UPDATE sessions SET reauthenticated_at = $2 WHERE id = $1")
            .bind(DbId::from(id))
            .bind(DbTime::new(change.now()))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sessions_of(
        &self,
        user_id: UserId,
        now: OffsetDateTime,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let rows: Vec<SessionRow> = sqlx::query_as(
            "SELECT id AS session_id, user_id AS session_user_id, mfa_verified, reauthenticated_at, \
             client_address AS session_client_address, user_agent AS session_user_agent, \
             created_at AS session_created_at, last_seen_at, idle_expires_at, absolute_expires_at \
             FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 \
             AND absolute_expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(DbId::from(user_id))
        .bind(DbTime::new(now))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(SessionRecord::from).collect())
    }

    async fn revoke_session(
        &self,
        user_id: UserId,
        id: SessionId,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let mut tx = begin_write(self).await?;
        let revoked = sqlx::query(
            "UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
        .bind(DbId::from(id))
        .bind(DbId::from(user_id))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        if revoked.rows_affected() == 0 {
            return Ok(false);
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }
}
