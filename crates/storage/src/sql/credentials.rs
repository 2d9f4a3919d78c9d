// Second factors, recovery codes, trusted devices and rate limits, shared by both backends (see
// store_impl.rs for how this file is compiled).

#[async_trait]
impl CredentialStore for ThisStore {
    async fn enrol_totp(
        &self,
        user_id: UserId,
        secret: &str,
        recovery_code_hashes: &[String],
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        sqlx::query(
            "UPDATE users SET totp_secret = $2, totp_enrolled_at = $3, totp_last_step = NULL, \
             updated_at = $3 WHERE id = $1",
        )
        .bind(DbId::from(user_id))
        .bind(seal(&self.keys.now(), "users.totp_secret", user_id, secret))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        write_recovery_codes(&mut tx, user_id, recovery_code_hashes, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_totp(&self, user_id: UserId, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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

    async fn rate_limit_hits(
        &self,
        bucket: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> Result<u32, StoreError> {
        let hits: Option<i64> = sqlx::query_scalar(
            "SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start > $2",
        )
        .bind(bucket)
        .bind(DbTime::new(now - window))
        .fetch_optional(&self.pool)
        .await?;
        Ok(hits.map_or(0, |hits| u32::try_from(hits).unwrap_or(u32::MAX)))
    }
}
