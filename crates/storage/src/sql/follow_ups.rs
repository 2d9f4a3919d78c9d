// Follow-ups on closed cases, shared by both backends (see store_impl.rs for how this file is
// compiled).

#[async_trait]
impl FollowUpStore for ThisStore {
    async fn ask_follow_up(&self, request: RequestId, change: &Change) -> Result<bool, StoreError> {
        let mut tx = begin_write(self).await?;
        let asked = sqlx::query(
            "UPDATE assistance_requests SET follow_up_asked_at = $2 \
             WHERE id = $1 AND state = 'closed'",
        )
        .bind(DbId::from(request))
        .bind(DbTime::new(change.now()))
        .execute(&mut *tx)
        .await?;
        Ok(commit_if_changed(tx, asked.rows_affected(), change).await? > 0)
    }

    async fn follow_up_asked(
        &self,
        request: RequestId,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let asked: Option<Option<DbTime>> = sqlx::query_scalar(
            "SELECT follow_up_asked_at FROM assistance_requests WHERE id = $1 AND state = 'closed'",
        )
        .bind(DbId::from(request))
        .fetch_optional(&self.pool)
        .await?;
        Ok(asked.flatten().map(|t| t.0))
    }

    async fn answer_follow_up(
        &self,
        grant: &Grant,
        request: RequestId,
        change: &Change,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let (Action::RequestHelp, Resource::Organisation(organisation)) =
            (grant.action(), grant.resource())
        else {
            return Err(StoreError::WrongGrant("the request's organisation"));
        };
        let mut tx = begin_write(self).await?;
        let asked: Option<Option<DbTime>> = sqlx::query_scalar(
            "SELECT follow_up_asked_at FROM assistance_requests \
             WHERE id = $1 AND organisation_id = $2 AND state = 'closed'",
        )
        .bind(DbId::from(request))
        .bind(DbId::from(organisation))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(asked) = asked.flatten() else { return Ok(None) };
        let cleared = sqlx::query(
            "UPDATE assistance_requests SET follow_up_asked_at = NULL \
             WHERE id = $1 AND follow_up_asked_at IS NOT NULL",
        )
        .bind(DbId::from(request))
        .execute(&mut *tx)
        .await?;
        let answered = commit_if_changed(tx, cleared.rows_affected(), change).await?;
        Ok((answered > 0).then_some(asked.0))
    }
}
