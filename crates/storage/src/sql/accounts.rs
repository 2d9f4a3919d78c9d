// Accounts and credentials, shared by both backends (see store_impl.rs for how this file is
// compiled).

/// `SELECT <the columns of UserRow> FROM users <rest>`.
macro_rules! select_user {
    ($rest:literal) => {
        concat!(
            "SELECT id, email, display_name, staff_role, preferred_language, ",
            "password_hash IS NOT NULL AS can_sign_in, email_verified_at IS NOT NULL AS email_verified, ",
            "disabled_at IS NOT NULL AS disabled, totp_enrolled_at IS NOT NULL AS mfa_enrolled, created_at ",
            "FROM users ",
            $rest
        )
    };
}

/// `SELECT <the columns of CredentialsRow> FROM users <rest>`.
macro_rules! select_credentials {
    ($rest:literal) => {
        concat!(
            "SELECT id, email, password_hash, disabled_at IS NOT NULL AS disabled, ",
            "email_verified_at IS NOT NULL AS email_verified, totp_secret, staff_role, preferred_language ",
            "FROM users ",
            $rest
        )
    };
}

/// Checks that `grant` is for managing staff.
fn staff_grant(grant: &Grant) -> Result<(), StoreError> {
    if grant.action() == Action::ManageStaff && grant.resource() == Resource::Accounts {
        Ok(())
    } else {
        Err(StoreError::WrongGrant("managing staff"))
    }
}

async fn revoke_all(
    tx: &mut Tx,
    user_id: UserId,
    keep: Option<SessionId>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let revoked = sqlx::query(
        "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL \
         AND ($3 IS NULL OR id <> $3)",
    )
    .bind(DbId::from(user_id))
    .bind(DbTime::new(now))
    .bind(keep.map(DbId::from))
    .execute(&mut **tx)
    .await?;
    Ok(revoked.rows_affected())
}

/// Uses up a one-time link inside `tx`; `None` when it is unknown, used, expired or for another
/// purpose.
async fn consume_token(
    tx: &mut Tx,
    token_hash: &str,
    purpose: TokenPurpose,
    now: OffsetDateTime,
) -> Result<Option<(UserId, String)>, StoreError> {
    let row: Option<(DbId, String)> = sqlx::query_as(
        "UPDATE one_time_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING user_id, email",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(DbTime::new(now))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id, email)| (UserId::from_uuid(id.0), email)))
}

#[async_trait]
impl AccountStore for ThisStore {
    async fn create_user(
        &self,
        user: &NewUser,
        email_verified: bool,
        verification: Option<&NewToken>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        insert_user(&mut tx, user, change.now(), false, email_verified).await?;
        if let Some(token) = verification {
            insert_token(&mut tx, token).await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(select_user!("WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(User::try_from).transpose()
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(select_user!("WHERE id = $1"))
            .bind(DbId::from(id))
            .fetch_optional(&self.pool)
            .await?;
        row.map(User::try_from).transpose()
    }

    async fn credentials(&self, email: &EmailAddress) -> Result<Option<Credentials>, StoreError> {
        let row: Option<CredentialsRow> = sqlx::query_as(select_credentials!("WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(Credentials::try_from).transpose()
    }

    async fn credentials_by_id(&self, id: UserId) -> Result<Option<Credentials>, StoreError> {
        let row: Option<CredentialsRow> = sqlx::query_as(select_credentials!("WHERE id = $1"))
            .bind(DbId::from(id))
            .fetch_optional(&self.pool)
            .await?;
        row.map(Credentials::try_from).transpose()
    }

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        replacement: Option<&NewSession>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        write_password(&mut tx, user_id, password_hash, change.now()).await?;
        revoke_all(&mut tx, user_id, None, change.now()).await?;
        if let Some(session) = replacement {
            insert_session(&mut tx, session).await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_profile(
        &self,
        user_id: UserId,
        display_name: &str,
        language: &LanguageTag,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        sqlx::query("UPDATE users SET display_name = $2, preferred_language = $3, updated_at = $4 WHERE id = $1")
            .bind(DbId::from(user_id))
            .bind(display_name)
            .bind(language.as_str())
            .bind(DbTime::new(change.now()))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn enrol_totp(
        &self,
        user_id: UserId,
        secret: &str,
        recovery_code_hashes: &[String],
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        sqlx::query(
            "UPDATE users SET totp_secret = $2, totp_enrolled_at = $3, totp_last_step = NULL, \
             updated_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(user_id))
        .bind(secret)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        write_recovery_codes(&mut tx, user_id, recovery_code_hashes, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_totp(&self, user_id: UserId, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        clear_totp(&mut tx, user_id, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn accept_totp_step(&self, user_id: UserId, step: i64) -> Result<bool, StoreError> {
        let accepted = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_secret IS NOT NULL \
             AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(DbId::from(user_id))
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(accepted.rows_affected() == 1)
    }

    async fn use_recovery_code(
        &self,
        user_id: UserId,
        code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let used = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(DbId::from(user_id))
        .bind(code_hash)
        .bind(DbTime::new(now))
        .execute(&self.pool)
        .await?;
        Ok(used.rows_affected() == 1)
    }

    async fn replace_recovery_codes(
        &self,
        user_id: UserId,
        code_hashes: &[String],
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        write_recovery_codes(&mut tx, user_id, code_hashes, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unused_recovery_codes(&self, user_id: UserId) -> Result<u32, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(DbId::from(user_id))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(0))
    }

    async fn create_token(&self, token: &NewToken, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        insert_token(&mut tx, token).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn peek_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> Result<Option<TokenInfo>, StoreError> {
        let row: Option<(DbId, String, DbTime)> = sqlx::query_as(
            "SELECT user_id, email, expires_at FROM one_time_tokens WHERE token_hash = $1 \
             AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(DbTime::new(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, address, expires)| {
            Ok(TokenInfo {
                user_id: UserId::from_uuid(id.0),
                email: rows_identity::email(&address)?,
                expires_at: expires.0,
            })
        })
        .transpose()
    }

    async fn verify_email_with_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        let Some((user_id, _)) =
            consume_token(&mut tx, token_hash, TokenPurpose::VerifyEmail, now).await?
        else {
            return Ok(None);
        };
        sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 WHERE id = $1")
            .bind(DbId::from(user_id))
            .bind(DbTime::new(now))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    async fn reset_password_with_token(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        let Some((user_id, _)) =
            consume_token(&mut tx, token_hash, TokenPurpose::ResetPassword, now).await?
        else {
            return Ok(None);
        };
        write_password(&mut tx, user_id, password_hash, now).await?;
        // Following the e-mailed link proves the address too.
        sqlx::query(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1",
        )
        .bind(DbId::from(user_id))
        .bind(DbTime::new(now))
        .execute(&mut *tx)
        .await?;
        revoke_all(&mut tx, user_id, None, now).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    async fn change_email_with_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<(UserId, EmailAddress)>, StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        let Some((user_id, new_email)) =
            consume_token(&mut tx, token_hash, TokenPurpose::ChangeEmail, now).await?
        else {
            return Ok(None);
        };
        let old: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(DbId::from(user_id))
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(user_id))
        .bind(&new_email)
        .bind(DbTime::new(now))
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some((user_id, rows_identity::email(&old)?)))
    }

    async fn trust_device(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: OffsetDateTime,
        lifetime: Duration,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(DbId::from(user_id))
        .bind(DbTime::new(now))
        .bind(DbTime::new(now + lifetime))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn is_trusted_device(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM trusted_devices WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(DbId::from(user_id))
        .bind(DbTime::new(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(found > 0)
    }

    async fn hit_rate_limit(
        &self,
        bucket: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> Result<u32, StoreError> {
        let hits: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
             RETURNING hits",
        )
        .bind(bucket)
        .bind(DbTime::new(now))
        .bind(DbTime::new(now - window))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(hits).unwrap_or(u32::MAX))
    }

    async fn rate_limit_hits(&self, bucket: &str, now: OffsetDateTime, window: Duration) -> Result<u32, StoreError> {
        let hits: Option<i64> = sqlx::query_scalar(
            "SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start > $2",
        )
        .bind(bucket)
        .bind(DbTime::new(now - window))
        .fetch_optional(&self.pool)
        .await?;
        Ok(hits.map_or(0, |hits| u32::try_from(hits).unwrap_or(u32::MAX)))
    }

    async fn staff(&self, grant: &Grant) -> Result<Vec<StaffMember>, StoreError> {
        staff_grant(grant)?;
        let rows: Vec<StaffRow> = sqlx::query_as(
            "SELECT id, email, display_name, staff_role, disabled_at IS NOT NULL AS disabled, \
             totp_enrolled_at IS NOT NULL AS mfa_enrolled FROM users WHERE staff_role IS NOT NULL \
             ORDER BY staff_role, email",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StaffMember::try_from).collect()
    }

    async fn set_disabled(
        &self,
        grant: &Grant,
        user_id: UserId,
        disabled: bool,
        change: &Change,
    ) -> Result<bool, StoreError> {
        staff_grant(grant)?;
        let mut tx = begin_write(&self.pool).await?;
        let updated = sqlx::query(
            "UPDATE users SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, $3) ELSE NULL END, \
             updated_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(user_id))
        .bind(disabled)
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        if disabled {
            revoke_all(&mut tx, user_id, None, change.now()).await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_staff_role(
        &self,
        grant: &Grant,
        user_id: UserId,
        role: Option<StaffRole>,
        change: &Change,
    ) -> Result<bool, StoreError> {
        staff_grant(grant)?;
        let mut tx = begin_write(&self.pool).await?;
        let updated =
            sqlx::query("UPDATE users SET staff_role = $2, updated_at = $3 WHERE id = $1")
                .bind(DbId::from(user_id))
                .bind(role.map(|r| r.as_str()))
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

    async fn reset_mfa(
        &self,
        grant: &Grant,
        user_id: UserId,
        change: &Change,
    ) -> Result<bool, StoreError> {
        staff_grant(grant)?;
        let mut tx = begin_write(&self.pool).await?;
        if !clear_totp(&mut tx, user_id, change.now()).await? {
            return Ok(false);
        }
        revoke_all(&mut tx, user_id, None, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn revoke_sessions(
        &self,
        user_id: UserId,
        keep: Option<SessionId>,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<u64, StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        let revoked = revoke_all(&mut tx, user_id, keep, now).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(revoked)
    }
}

async fn insert_token(tx: &mut Tx, token: &NewToken) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token.token_hash)
    .bind(token.purpose.as_str())
    .bind(DbId::from(token.user_id))
    .bind(token.email.as_str())
    .bind(DbTime::new(token.created_at))
    .bind(DbTime::new(token.expires_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_password(
    tx: &mut Tx,
    user_id: UserId,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1")
        .bind(DbId::from(user_id))
        .bind(password_hash)
        .bind(DbTime::new(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn write_recovery_codes(
    tx: &mut Tx,
    user_id: UserId,
    hashes: &[String],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(DbId::from(user_id))
        .execute(&mut **tx)
        .await?;
    for hash in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(DbId::from(user_id))
        .bind(hash)
        .bind(DbTime::new(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Removes TOTP and recovery codes; `false` when there is no such user.
async fn clear_totp(tx: &mut Tx, user_id: UserId, now: OffsetDateTime) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL, totp_last_step = NULL, \
         updated_at = $2 WHERE id = $1",
    )
    .bind(DbId::from(user_id))
    .bind(DbTime::new(now))
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(DbId::from(user_id))
        .execute(&mut **tx)
        .await?;
    Ok(updated.rows_affected() == 1)
}
