// Staff management, shared by both backends (see store_impl.rs for how this file is compiled).

#[async_trait]
impl StaffStore for ThisStore {
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
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
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
        let mut tx = begin_write(self).await?;
        if !clear_totp(&mut tx, user_id, change.now()).await? {
            return Ok(false);
        }
        revoke_all(&mut tx, user_id, None, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }
}
