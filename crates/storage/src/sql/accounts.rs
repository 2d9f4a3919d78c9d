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
        let mut tx = begin_write(self).await?;
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
        row.map(|row| self.opened_credentials(row)).transpose()
    }

    async fn credentials_by_id(&self, id: UserId) -> Result<Option<Credentials>, StoreError> {
        let row: Option<CredentialsRow> = sqlx::query_as(select_credentials!("WHERE id = $1"))
            .bind(DbId::from(id))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| self.opened_credentials(row)).transpose()
    }

    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        replacement: Option<&NewSession>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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

    async fn create_token(&self, token: &NewToken, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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

    async fn revoke_sessions(
        &self,
        user_id: UserId,
        keep: Option<SessionId>,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<u64, StoreError> {
        let mut tx = begin_write(self).await?;
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

impl ThisStore {
    /// Credentials as read, with the second factor's secret opened.
    fn opened_credentials(&self, row: CredentialsRow) -> Result<Credentials, StoreError> {
        let mut credentials = Credentials::try_from(row)?;
        let keys = self.keys.now();
        let user = credentials.user_id;
        credentials.totp_secret =
            open_opt(&keys, "users.totp_secret", user, credentials.totp_secret.take())?;
        Ok(credentials)
    }
}
