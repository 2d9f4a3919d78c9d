// Organisations, providers, memberships and invitations, shared by both backends (see
// store_impl.rs for how this file is compiled).

/// `SELECT <the columns of InvitationRow> FROM invitations i LEFT JOIN providers p`.
macro_rules! select_invitation {
    () => {
        concat!(
            "SELECT i.id, i.email, i.staff_role, i.provider_id, i.provider_role, p.name AS provider_name, ",
            "i.created_at, i.expires_at, i.accepted_at FROM invitations i LEFT JOIN providers p ON p.id = i.provider_id"
        )
    };
}

/// The organisation or provider a grant covers for `action`, or [`StoreError::WrongGrant`].
fn granted_group(grant: &Grant, action: Action) -> Result<MemberOf, StoreError> {
    if grant.action() != action {
        return Err(StoreError::WrongGrant("another action"));
    }
    match grant.resource() {
        Resource::Organisation(id) => Ok(MemberOf::Organisation(id)),
        Resource::Provider(id) => Ok(MemberOf::Provider(id)),
        Resource::Accounts => Err(StoreError::WrongGrant("an organisation or provider")),
    }
}

/// The id of an organisation or provider, as stored.
fn group_id(group: MemberOf) -> DbId {
    match group {
        MemberOf::Organisation(id) => DbId::from(id),
        MemberOf::Provider(id) => DbId::from(id),
    }
}

/// How many active admins a group has, inside `tx`.
async fn active_admins(tx: &mut Tx, group: MemberOf) -> Result<i64, StoreError> {
    let sql = match group {
        MemberOf::Organisation(_) => {
            "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'admin' AND state = 'active'"
        }
        MemberOf::Provider(_) => {
            "SELECT COUNT(*) FROM memberships WHERE provider_id = $1 AND role = 'admin' AND state = 'active'"
        }
    };
    Ok(sqlx::query_scalar(sql).bind(group_id(group)).fetch_one(&mut **tx).await?)
}

#[async_trait]
impl OrganisationStore for ThisStore {
    async fn create_organisation(
        &self,
        grant: &Grant,
        organisation: &NewOwnOrganisation,
        change: &Change,
    ) -> Result<(), StoreError> {
        if grant.action() != Action::CreateOrganisation {
            return Err(StoreError::WrongGrant("creating an organisation"));
        }
        let org = &organisation.organisation;
        let now = DbTime::new(organisation.now);
        let mut tx = begin_write(&self.pool).await?;
        sqlx::query(
            "INSERT INTO organisations (id, name, kind, country, languages, website, nis2_in_scope, \
             verification_state, created_by, join_code, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'unverified', $8, $9, $10, $10)",
        )
        .bind(DbId::from(org.id))
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.country.as_str())
        .bind(space_separated(org.languages.iter().map(LanguageTag::as_str)))
        .bind(org.website.as_deref())
        .bind(org.nis2_in_scope)
        .bind(DbId::from(grant.principal()))
        .bind(&organisation.join_code)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO memberships (id, user_id, organisation_id, role, state, created_at, updated_at) \
             VALUES ($1, $2, $3, 'admin', 'active', $4, $4)",
        )
        .bind(DbId::from(organisation.creator_membership))
        .bind(DbId::from(grant.principal()))
        .bind(DbId::from(org.id))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn organisation_by_join_code(
        &self,
        code: &str,
    ) -> Result<Option<(OrganisationId, String)>, StoreError> {
        let row: Option<(DbId, String)> =
            sqlx::query_as("SELECT id, name FROM organisations WHERE join_code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, name)| (OrganisationId::from_uuid(id.0), name)))
    }

    async fn request_membership(
        &self,
        grant: &Grant,
        membership_id: MembershipId,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<(), StoreError> {
        let MemberOf::Organisation(org) = granted_group(grant, Action::RequestToJoin)? else {
            return Err(StoreError::WrongGrant("joining an organisation"));
        };
        let mut tx = begin_write(&self.pool).await?;
        sqlx::query(
            "INSERT INTO memberships (id, user_id, organisation_id, role, state, created_at, updated_at) \
             VALUES ($1, $2, $3, 'member', 'pending', $4, $4)",
        )
        .bind(DbId::from(membership_id))
        .bind(DbId::from(grant.principal()))
        .bind(DbId::from(org))
        .bind(DbTime::new(now))
        .execute(&mut *tx)
        .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn admins_to_notify(&self, grant: &Grant) -> Result<Vec<(EmailAddress, LanguageTag)>, StoreError> {
        let Resource::Organisation(id) = grant.resource() else {
            return Err(StoreError::WrongGrant("an organisation"));
        };
        if !matches!(grant.action(), Action::RequestToJoin | Action::View) {
            return Err(StoreError::WrongGrant("joining or viewing"));
        }
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT u.email, u.preferred_language FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.organisation_id = $1 AND m.role = 'admin' AND m.state = 'active' AND u.disabled_at IS NULL",
        )
        .bind(DbId::from(id))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(email, language)| Ok((rows_identity::email(&email)?, stored_language(&language)?)))
            .collect()
    }

    async fn organisation(&self, grant: &Grant) -> Result<Option<OrganisationDetails>, StoreError> {
        let MemberOf::Organisation(id) = granted_group(grant, Action::View)? else {
            return Err(StoreError::WrongGrant("an organisation"));
        };
        let row: Option<(String, String, String, Option<String>, String, Option<String>, DbTime)> = sqlx::query_as(
            "SELECT name, kind, country, website, verification_state, verification_note, created_at \
             FROM organisations WHERE id = $1",
        )
        .bind(DbId::from(id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(name, kind, country, website, state, note, created_at)| {
            let corrupt =
                |e: c4h_domain::ParseError| StoreError::Corrupt(format!("organisation: {e}"));
            Ok(OrganisationDetails {
                id,
                name,
                kind: RequesterKind::parse(&kind).map_err(corrupt)?,
                country: Country::parse(&country).map_err(corrupt)?,
                website,
                verification: VerificationState::parse(&state).map_err(corrupt)?,
                verification_note: note,
                created_at: created_at.0,
            })
        })
        .transpose()
    }

    async fn members(&self, grant: &Grant) -> Result<Vec<MemberView>, StoreError> {
        let group = granted_group(grant, Action::View)?;
        let sql = match group {
            MemberOf::Organisation(_) => {
                "SELECT m.id AS membership_id, u.id AS user_id, u.email, u.display_name, m.role, m.state, m.created_at AS since \
                 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND m.state <> 'removed' \
                 ORDER BY m.state, u.email"
            }
            MemberOf::Provider(_) => {
                "SELECT m.id AS membership_id, u.id AS user_id, u.email, u.display_name, m.role, m.state, m.created_at AS since \
                 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.provider_id = $1 AND m.state <> 'removed' \
                 ORDER BY m.state, u.email"
            }
        };
        let rows: Vec<MemberRow> =
            sqlx::query_as(sql).bind(group_id(group)).fetch_all(&self.pool).await?;
        rows.into_iter().map(MemberView::try_from).collect()
    }

    async fn join_code(&self, grant: &Grant) -> Result<Option<String>, StoreError> {
        let MemberOf::Organisation(id) = granted_group(grant, Action::ManageMembers)? else {
            return Ok(None);
        };
        Ok(sqlx::query_scalar("SELECT join_code FROM organisations WHERE id = $1")
            .bind(DbId::from(id))
            .fetch_optional(&self.pool)
            .await?
            .flatten())
    }

    async fn decide_membership(
        &self,
        grant: &Grant,
        membership_id: MembershipId,
        decision: MembershipDecision,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let group = granted_group(grant, Action::ManageMembers)?;
        let mut tx = begin_write(&self.pool).await?;
        let current: Option<(DbId, Option<DbId>, Option<DbId>, String, String)> = sqlx::query_as(
            "SELECT id, organisation_id, provider_id, role, state FROM memberships WHERE id = $1",
        )
        .bind(DbId::from(membership_id))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((_, org, provider, role, state)) = current else { return Ok(false) };
        let belongs = match group {
            MemberOf::Organisation(_) => org == Some(group_id(group)),
            MemberOf::Provider(_) => provider == Some(group_id(group)),
        };
        if !belongs {
            return Ok(false);
        }
        let is_admin = role == "admin";
        let (new_state, new_role) = match (decision, state.as_str()) {
            (MembershipDecision::Approve, "pending") => ("active", role.as_str()),
            (MembershipDecision::Refuse, "pending") => ("removed", role.as_str()),
            (MembershipDecision::Remove, "active") => ("removed", role.as_str()),
            (MembershipDecision::SetRole(to), "active") => ("active", to.as_str()),
            _ => return Ok(false),
        };
        // A group always keeps an admin, so nobody can lock everyone out of it.
        let demotes_admin =
            is_admin && state == "active" && (new_state == "removed" || new_role != "admin");
        if demotes_admin && active_admins(&mut tx, group).await? <= 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE memberships SET state = $2, role = $3, decided_by = $4, updated_at = $5 WHERE id = $1")
            .bind(DbId::from(membership_id))
            .bind(new_state)
            .bind(new_role)
            .bind(DbId::from(grant.principal()))
            .bind(DbTime::new(change.now()))
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn provider(&self, grant: &Grant) -> Result<Option<ProviderSummary>, StoreError> {
        let MemberOf::Provider(id) = granted_group(grant, Action::View)? else {
            return Err(StoreError::WrongGrant("a provider"));
        };
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT name, vetting_state FROM providers WHERE id = $1")
                .bind(DbId::from(id))
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(name, vetting)| {
            let vetting = VettingState::parse(&vetting)
                .map_err(|e| StoreError::Corrupt(format!("provider: {e}")))?;
            Ok(ProviderSummary { id, name, vetting })
        })
        .transpose()
    }

    async fn own_memberships(&self, user_id: UserId) -> Result<Vec<OwnMembership>, StoreError> {
        let rows: Vec<(DbId, Option<DbId>, Option<DbId>, String, String, String)> = sqlx::query_as(
            "SELECT m.id, m.organisation_id, m.provider_id, m.role, m.state, COALESCE(o.name, p.name) \
             FROM memberships m LEFT JOIN organisations o ON o.id = m.organisation_id \
             LEFT JOIN providers p ON p.id = m.provider_id WHERE m.user_id = $1 ORDER BY m.created_at",
        )
        .bind(DbId::from(user_id))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, org, provider, role, state, name)| {
                let of = match (org, provider) {
                    (Some(org), _) => MemberOf::Organisation(OrganisationId::from_uuid(org.0)),
                    (None, Some(provider)) => MemberOf::Provider(ProviderId::from_uuid(provider.0)),
                    (None, None) => {
                        return Err(StoreError::Corrupt("membership of nothing".into()));
                    }
                };
                Ok(OwnMembership {
                    membership_id: MembershipId::from_uuid(id.0),
                    of,
                    name,
                    role: rows_identity::membership_role(&role)?,
                    state: rows_identity::membership_state(&state)?,
                })
            })
            .collect()
    }

    async fn create_invitation(
        &self,
        grant: &Grant,
        invitation: &NewInvitation,
        change: &Change,
    ) -> Result<(), StoreError> {
        let (staff_role, provider_id, provider_role) = match invitation.target {
            InvitationTarget::Staff(role) if grant.action() == Action::ManageStaff => {
                (Some(role.as_str()), None, None)
            }
            InvitationTarget::Provider { provider_id, role }
                if grant.action() == Action::InviteMembers
                    && grant.provider() == Some(provider_id) =>
            {
                (None, Some(DbId::from(provider_id)), Some(role.as_str()))
            }
            _ => return Err(StoreError::WrongGrant("this invitation")),
        };
        let mut tx = begin_write(&self.pool).await?;
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
        .execute(&mut *tx)
        .await?;
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
        let mut tx = begin_write(&self.pool).await?;
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
