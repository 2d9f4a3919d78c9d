// Invitations, shared by both backends (see store_impl.rs for how this file is compiled).

/// `SELECT <the columns of InvitationRow> FROM invitations i LEFT JOIN providers p`.
macro_rules! select_invitation {
    () => {
        concat!(
            "SELECT i.id, i.email, i.staff_role, i.provider_id, i.provider_role, p.name AS provider_name, ",
            "i.created_at, i.expires_at, i.accepted_at FROM invitations i LEFT JOIN providers p ON p.id = i.provider_id"
        )
    };
}

#[async_trait]
impl InvitationStore for ThisStore {
    async fn create_invitation(
        &self,
        grant: &Grant,
        invitation: &NewInvitation,
        change: &Change,
    ) -> Result<(), StoreError> {
        let covered = match invitation.target {
            InvitationTarget::Staff(_) => grant.action() == Action::ManageStaff,
            InvitationTarget::Provider { provider_id, .. } => {
                grant.action() == Action::InviteMembers && grant.provider() == Some(provider_id)
            }
        };
        if !covered {
            return Err(StoreError::WrongGrant("this invitation"));
        }
        let mut tx = begin_write(self).await?;
        insert_invitation(&mut tx, invitation).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn pending_invitations(
        &self,
        grant: &Grant,
        now: OffsetDateTime,
    ) -> Result<Vec<Invitation>, StoreError> {
        let rows: Vec<InvitationRow> = match grant.resource() {
            Resource::Accounts if grant.action() == Action::ManageStaff => {
                sqlx::query_as(concat!(select_invitation!(), " WHERE i.staff_role IS NOT NULL AND i.accepted_at IS NULL AND i.expires_at > $1 ORDER BY i.created_at DESC"))
                    .bind(DbTime::new(now))
                    .fetch_all(&self.pool)
                    .await?
            }
            Resource::Provider(id) if matches!(grant.action(), Action::View | Action::InviteMembers | Action::ManageMembers) => {
                sqlx::query_as(concat!(select_invitation!(), " WHERE i.provider_id = $2 AND i.accepted_at IS NULL AND i.expires_at > $1 ORDER BY i.created_at DESC"))
                    .bind(DbTime::new(now))
                    .bind(DbId::from(id))
                    .fetch_all(&self.pool)
                    .await?
            }
            _ => return Err(StoreError::WrongGrant("invitations")),
        };
        rows.into_iter().map(Invitation::try_from).collect()
    }

    async fn invitation_by_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Invitation>, StoreError> {
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            select_invitation!(),
            " WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(DbTime::new(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Invitation::try_from).transpose()
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        acceptance: &Acceptance,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError> {
        let mut tx = begin_write(self).await?;
        let claimed: Option<(String, Option<String>, Option<DbId>, Option<String>)> = sqlx::query_as(
            "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL \
             AND expires_at > $2 RETURNING email, staff_role, provider_id, provider_role",
        )
        .bind(token_hash)
        .bind(DbTime::new(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((invited, staff_role, provider_id, provider_role)) = claimed else {
            return Ok(None);
        };
        let user_id = match acceptance {
            Acceptance::NewAccount(user) => {
                if user.email.as_str() != invited {
                    return Ok(None);
                }
                insert_user(&mut tx, user, now, false, true).await?;
                user.id
            }
            Acceptance::ExistingUser(id) => {
                let email: Option<String> =
                    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
                        .bind(DbId::from(*id))
                        .fetch_optional(&mut *tx)
                        .await?;
                if email.as_deref() != Some(invited.as_str()) {
                    return Ok(None);
                }
                *id
            }
        };
        if let Some(role) = staff_role {
            sqlx::query("UPDATE users SET staff_role = $2, updated_at = $3 WHERE id = $1")
                .bind(DbId::from(user_id))
                .bind(role)
                .bind(DbTime::new(now))
                .execute(&mut *tx)
                .await?;
        }
        if let (Some(provider), Some(role)) = (provider_id, provider_role) {
            sqlx::query(
                "INSERT INTO memberships (id, user_id, provider_id, role, state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'active', $5, $5) ON CONFLICT (user_id, provider_id) \
                 DO UPDATE SET role = excluded.role, state = 'active', updated_at = excluded.updated_at",
            )
            .bind(DbId::from(MembershipId::new()))
            .bind(DbId::from(user_id))
            .bind(provider)
            .bind(role)
            .bind(DbTime::new(now))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE invitations SET accepted_by = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(DbId::from(user_id))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }
}

/// Inserts an invitation inside the caller's transaction.
async fn insert_invitation(tx: &mut Tx, invitation: &NewInvitation) -> Result<(), StoreError> {
    let (staff_role, provider_id, provider_role) = match invitation.target {
        InvitationTarget::Staff(role) => (Some(role.as_str()), None, None),
        InvitationTarget::Provider { provider_id, role } => {
            (None, Some(DbId::from(provider_id)), Some(role.as_str()))
        }
    };
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, email, staff_role, provider_id, provider_role, \
         invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(DbId::from(invitation.id))
    .bind(&invitation.token_hash)
    .bind(invitation.email.as_str())
    .bind(staff_role)
    .bind(provider_id)
    .bind(provider_role)
    .bind(DbId::from(invitation.invited_by))
    .bind(DbTime::new(invitation.created_at))
    .bind(DbTime::new(invitation.expires_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
