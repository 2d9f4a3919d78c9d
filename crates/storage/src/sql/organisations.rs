// Organisations, providers, memberships and invitations, shared by both backends (see
// store_impl.rs for how this file is compiled).

/// The organisation or provider a grant covers for `action`, or [`StoreError::WrongGrant`].
fn granted_group(grant: &Grant, action: Action) -> Result<MemberOf, StoreError> {
    if grant.action() != action {
        return Err(StoreError::WrongGrant("another action"));
    }
    match grant.resource() {
        Resource::Organisation(id) => Ok(MemberOf::Organisation(id)),
        Resource::Provider(id) => Ok(MemberOf::Provider(id)),
        Resource::Accounts | Resource::Directory | Resource::AuditTrail => {
            Err(StoreError::WrongGrant("an organisation or provider"))
        }
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
        let mut tx = begin_write(self).await?;
        sqlx::query(
            "INSERT INTO organisations (id, name, kind, country, languages, website, nis2_in_scope, \
             verification_state, created_by, join_code, created_at, updated_at, registry_number) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'unverified', $8, $9, $10, $10, $11)",
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
        .bind(org.registry_number.as_deref())
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
        let mut tx = begin_write(self).await?;
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

    async fn admins_to_notify(
        &self,
        grant: &Grant,
    ) -> Result<Vec<(EmailAddress, LanguageTag)>, StoreError> {
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
            .map(|(email, language)| {
                Ok((rows_identity::email(&email)?, stored_language(&language)?))
            })
            .collect()
    }

    async fn organisation(&self, grant: &Grant) -> Result<Option<OrganisationDetails>, StoreError> {
        let MemberOf::Organisation(id) = granted_group(grant, Action::View)? else {
            return Err(StoreError::WrongGrant("an organisation"));
        };
        let row: Option<OrganisationDetailsRow> = sqlx::query_as(
            "SELECT o.name, o.kind, o.country, o.website, o.registry_number, o.verification_state, \
             o.verification_note, o.created_at, \
             (SELECT u.email FROM users u WHERE u.id = o.created_by) AS registrant_email \
             FROM organisations o WHERE o.id = $1",
        )
        .bind(DbId::from(id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| row.into_details(&self.keys.now(), id)).transpose()
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
        let vouching = grant.action() == Action::Vouch;
        let group =
            granted_group(grant, if vouching { Action::Vouch } else { Action::ManageMembers })?;
        if vouching && decision != MembershipDecision::Approve {
            return Err(StoreError::WrongGrant("vouching, which only approves"));
        }
        let mut tx = begin_write(self).await?;
        if vouching {
            // Vouching rests on the organisation having been verified by a coordinator.
            let verified: Option<String> =
                sqlx::query_scalar("SELECT verification_state FROM organisations WHERE id = $1")
                    .bind(group_id(group))
                    .fetch_optional(&mut *tx)
                    .await?;
            if verified.as_deref() != Some("verified") {
                return Ok(false);
            }
        }
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
}
