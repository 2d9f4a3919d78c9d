// Assistance requests, shared by both backends (see store_impl.rs for how this file is
// compiled).

/// The role a grant lets its holder play in a request's lifecycle.
fn step_role(grant: &Grant) -> Option<Role> {
    match (grant.action(), grant.resource()) {
        (Action::Triage, Resource::Directory) => Some(Role::Coordinator),
        (Action::RequestHelp, Resource::Organisation(_)) => Some(Role::Requester),
        // The engaged provider's members (checked against the engagement where it acts).
        (Action::AnswerOffers, Resource::Provider(_)) => Some(Role::Provider),
        _ => None,
    }
}

/// Whether `provider` holds an engagement for `request`.
async fn engaged_provider(
    tx: &mut Tx,
    request: RequestId,
    provider: ProviderId,
) -> Result<bool, StoreError> {
    let found: Option<DbId> =
        sqlx::query_scalar("SELECT id FROM engagements WHERE request_id = $1 AND provider_id = $2")
            .bind(DbId::from(request))
            .bind(DbId::from(provider))
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.is_some())
}

/// Keeps the request's engagement in step with a transition out of or into `engaged`: resolved
/// with its summary, closed, or active again when the case is reopened.
async fn follow_engagement(
    tx: &mut Tx,
    keys: &Keyring,
    request: RequestId,
    transition: RequestTransition,
    summary: Option<&str>,
    at: DbTime,
) -> Result<(), StoreError> {
    let summary = seal_opt(keys, "engagements.resolution_summary", request, summary);
    let request = DbId::from(request);
    let query = match transition {
        RequestTransition::Resolve => sqlx::query(
            "UPDATE engagements SET state = 'resolved', resolved_at = $2, \
             resolution_summary = COALESCE($3, resolution_summary) \
             WHERE request_id = $1 AND state = 'active'",
        )
        .bind(request)
        .bind(at)
        .bind(summary),
        RequestTransition::Close => sqlx::query(
            "UPDATE engagements SET state = 'closed', closed_at = $2 \
             WHERE request_id = $1 AND state = 'resolved'",
        )
        .bind(request)
        .bind(at),
        RequestTransition::Reopen => sqlx::query(
            "UPDATE engagements SET state = 'active', resolved_at = NULL \
             WHERE request_id = $1 AND state = 'resolved'",
        )
        .bind(request),
        _ => return Ok(()),
    };
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The request a key names, if the same person submitted it before.
async fn submitted_before(
    executor: impl sqlx::Executor<'_, Database = Db>,
    key: &str,
) -> Result<Option<Submitted>, StoreError> {
    let found: Option<(DbId, String)> =
        sqlx::query_as("SELECT id, reference FROM assistance_requests WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(executor)
            .await?;
    Ok(found
        .map(|(id, reference)| Submitted::Repeated { id: RequestId::from_uuid(id.0), reference }))
}

/// The statement that records a submission: one INSERT that also takes the next number, makes
/// the reference from it and reads the organisation's verification, and inserts nothing for a key
/// seen before (no row returned). One statement rather than four, because SQLite runs one writer
/// at a time and every statement inside the write transaction is time the next writer waits.
fn submission_sql() -> &'static str {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "INSERT INTO assistance_requests (id, reference, number, organisation_id, requester_id, \
             state, description, active_incident, ransomware, patient_care_impact, systems_down, \
             data_breach, breach_aware_at, email_compromised, out_of_band_contact, category, \
             languages, consent_to_share, tlp, urgency, computed_urgency, urgency_rank, \
             urgency_reasons, from_unverified_organisation, idempotency_key, submitted_at, \
             state_changed_at, created_at, updated_at) \
             SELECT $1, 'C4H-' || $2 || '-' || {padded}, n.v, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15, $16, TRUE, $17, $18, $18, $19, $20, \
             COALESCE((SELECT verification_state <> 'verified' FROM organisations WHERE id = $3), TRUE), \
             $21, $22, $23, $23, $23 FROM {numbers} n WHERE TRUE \
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING reference",
            padded = dialect::PADDED_REQUEST_NUMBER,
            numbers = dialect::NEXT_REQUEST_NUMBER,
        )
    });
    &SQL
}

/// The submission as the database keeps it: its description and contact sealed.
fn sealed_submission(keys: &Keyring, submission: &Submission) -> Submission {
    let mut sealed = submission.clone();
    let draft = &submission.draft;
    sealed.draft.description =
        seal(keys, "assistance_requests.description", submission.id, &draft.description);
    sealed.draft.out_of_band_contact = seal_opt(
        keys,
        "assistance_requests.out_of_band_contact",
        submission.id,
        draft.out_of_band_contact.as_deref(),
    );
    sealed
}

/// A submission on its way to the database, with the key as the store keeps it.
#[derive(Debug)]
struct PendingSubmission {
    requester: UserId,
    organisation: OrganisationId,
    submission: Submission,
    key: String,
    change: Change,
}

/// Writes one submission in its own transaction: the created request, or the one its key names.
async fn submit_alone(
    store: &ThisStore,
    pending: &PendingSubmission,
) -> Result<Submitted, StoreError> {
    let mut tx = begin_write(store).await?;
    let p = pending;
    match insert_submission(&mut tx, p.requester, p.organisation, &p.submission, &p.key, &p.change)
        .await?
    {
        Some(reference) => {
            tx.commit().await?;
            Ok(Submitted::Created { id: p.submission.id, reference })
        }
        None => {
            drop(tx);
            repeated(store, &p.key).await
        }
    }
}

/// Submissions go to the group-commit writer (see `sql/group_commit.rs`), or are written here by
/// the writer's own copy of the store.
async fn submit_pending(
    store: &ThisStore,
    pending: PendingSubmission,
) -> Result<Submitted, StoreError> {
    match &store.submitter {
        Some(submitter) => submitter.submit(store, pending).await,
        None => submit_alone(store, &pending).await,
    }
}

/// The request a repeated key names (submitted before, by this instance or another).
async fn repeated(store: &ThisStore, key: &str) -> Result<Submitted, StoreError> {
    submitted_before(&store.pool, key)
        .await?
        .ok_or(StoreError::Duplicate { constraint: "assistance_requests.idempotency_key".into() })
}

/// Records a submission with its audit event; `None` when its key was submitted before.
async fn insert_submission(
    tx: &mut Tx,
    requester: UserId,
    organisation: OrganisationId,
    submission: &Submission,
    key: &str,
    change: &Change,
) -> Result<Option<String>, StoreError> {
    let reference =
        insert_request_row(tx, requester, organisation, submission, key, change.now()).await?;
    if reference.is_some() {
        record_change(tx, change).await?;
    }
    Ok(reference)
}

/// Inserts a submission's request row, without its audit event; `None` when its key was
/// submitted before.
async fn insert_request_row(
    tx: &mut Tx,
    requester: UserId,
    organisation: OrganisationId,
    submission: &Submission,
    key: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, StoreError> {
    let draft = &submission.draft;
    let signals = &draft.signals;
    let submitted = submission.state == RequestState::Submitted;
    // Fixed text: the statement above, built from the dialect's constants only.
    let reference: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(submission_sql()))
        .bind(DbId::from(submission.id))
        .bind(now.year().to_string())
        .bind(DbId::from(organisation))
        .bind(DbId::from(requester))
        .bind(submission.state.as_str())
        .bind(&draft.description)
        .bind(signals.active_incident)
        .bind(signals.ransomware)
        .bind(space_separated(signals.patient_care.iter().map(|c| c.as_str())))
        .bind(signals.systems_down)
        .bind(signals.data_breach)
        .bind(signals.breach_aware_at.map(DbTime::new))
        .bind(signals.email_compromised)
        .bind(draft.out_of_band_contact.as_deref())
        .bind(draft.category.map(|c| c.as_str()))
        .bind(space_separated(draft.languages.iter().map(LanguageTag::as_str)))
        .bind(draft.tlp.as_str())
        .bind(draft.triage.urgency.as_str())
        .bind(urgency_rank(draft.triage.urgency))
        .bind(space_separated(draft.triage.reasons.iter().map(|r| r.as_str())))
        .bind(key)
        .bind(submitted.then_some(DbTime::new(now)))
        .bind(DbTime::new(now))
        .fetch_optional(&mut **tx)
        .await?;
    Ok(reference)
}

fn queue_filters(builder: &mut QueryBuilder<Db>, filter: &QueueFilter) {
    builder.push(
        " FROM assistance_requests r JOIN organisations o ON o.id = r.organisation_id \
         WHERE r.state IN (",
    );
    let default = [RequestState::Submitted, RequestState::Triaged, RequestState::Waitlisted];
    let states = if filter.states.is_empty() { &default[..] } else { &filter.states[..] };
    let mut list = builder.separated(", ");
    for state in states {
        list.push_bind(state.as_str());
    }
    builder.push(")");
    if let Some(urgency) = filter.urgency {
        builder.push(" AND r.urgency = ").push_bind(urgency.as_str());
    }
    if let Some(country) = filter.country {
        builder.push(" AND o.country = ").push_bind(country.as_str());
    }
    if let Some(kind) = filter.kind {
        builder.push(" AND o.kind = ").push_bind(kind.as_str());
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        builder.push(" AND (r.reference = ").push_bind(text.to_uppercase());
        builder.push(" OR lower(o.name) LIKE ").push_bind(like_pattern(text)).push(" ESCAPE '\\')");
    }
}

#[async_trait]
impl RequestStore for ThisStore {
    async fn submit_request(
        &self,
        grant: &Grant,
        submission: &Submission,
        change: &Change,
    ) -> Result<Submitted, StoreError> {
        let organisation = match (grant.action(), grant.resource()) {
            (Action::RequestHelp, Resource::Organisation(id)) => id,
            _ => return Err(StoreError::WrongGrant("asking for help")),
        };
        // Keys are the author's own: nobody can land on someone else's request with theirs.
        let key = format!("{}:{}", grant.principal(), submission.idempotency_key);
        let pending = PendingSubmission {
            requester: grant.principal(),
            organisation,
            submission: sealed_submission(&self.keys.now(), submission),
            key,
            change: change.clone(),
        };
        submit_pending(self, pending).await
    }

    async fn request_organisation(
        &self,
        id: RequestId,
    ) -> Result<Option<OrganisationId>, StoreError> {
        let found: Option<DbId> =
            sqlx::query_scalar("SELECT organisation_id FROM assistance_requests WHERE id = $1")
                .bind(DbId::from(id))
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.map(|id| OrganisationId::from_uuid(id.0)))
    }

    async fn request_details(
        &self,
        grant: &Grant,
        id: RequestId,
    ) -> Result<Option<RequestDetails>, StoreError> {
        let scope = request_scope(grant)?;
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM assistance_requests r \
             JOIN organisations o ON o.id = r.organisation_id \
             JOIN users u ON u.id = r.requester_id \
             LEFT JOIN assistance_requests m ON m.id = r.merged_into WHERE r.id = $1"
        );
        // The statement is fixed text: the column list constant and literals.
        let row: Option<RequestRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(DbId::from(id))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row.filter(|row| scope.covers(row.organisation())) else {
            return Ok(None);
        };
        let keys = self.keys.now();
        let messages = messages_of(&self.pool, &keys, id, scope).await?;
        let files = files_of(&self.pool, id, scope).await?;
        let mut details = row.into_details(&keys, messages, files)?;
        details.engagement = engagement_of(&self.pool, &keys, id, scope).await?;
        Ok(Some(details))
    }

    async fn organisation_requests(
        &self,
        grant: &Grant,
    ) -> Result<Vec<RequestSummary>, StoreError> {
        let RequestScope::Organisation(organisation) = request_scope(grant)? else {
            return Err(StoreError::WrongGrant("an organisation"));
        };
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT id, reference, state, urgency, category, submitted_at, state_changed_at \
             FROM assistance_requests WHERE organisation_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(DbId::from(organisation))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(RequestSummary::try_from).collect()
    }

    async fn triage_queue(
        &self,
        grant: &Grant,
        filter: &QueueFilter,
        window: Window,
    ) -> Result<Page<QueueRow>, StoreError> {
        if request_scope(grant)? != RequestScope::Staff {
            return Err(StoreError::WrongGrant("the directory"));
        }
        let mut builder = QueryBuilder::<Db>::new(
            "SELECT r.id, r.reference, o.name AS organisation_name, o.kind AS organisation_kind, \
             o.country AS organisation_country, o.verification_state AS organisation_verification, \
             r.from_unverified_organisation, o.nis2_in_scope, r.state, r.urgency, \
             r.urgency_reasons, r.category, r.data_breach, r.breach_aware_at, r.submitted_at, \
             r.state_changed_at",
        );
        queue_filters(&mut builder, filter);
        builder.push(" ORDER BY r.urgency_rank, r.submitted_at, r.id LIMIT ");
        builder
            .push_bind(i64::from(window.limit))
            .push(" OFFSET ")
            .push_bind(i64::from(window.offset));
        let rows: Vec<QueueListRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*)");
        queue_filters(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let items = rows.into_iter().map(QueueRow::try_from).collect::<Result<_, _>>()?;
        Ok(Page { items, total: u64::try_from(total).unwrap_or(0) })
    }

    async fn step_request(
        &self,
        grant: &Grant,
        id: RequestId,
        step: &Step,
        change: &Change,
    ) -> Result<Option<StepOutcome>, StoreError> {
        if step_role(grant) != Some(step.role) {
            return Err(StoreError::WrongGrant("this role's steps"));
        }
        let provider = match grant.resource() {
            Resource::Provider(provider) => Some(provider),
            _ => None,
        };
        let scope =
            if provider.is_some() { RequestScope::EngagedProvider } else { request_scope(grant)? };
        let mut tx = begin_write(self).await?;
        let current: Option<(String, DbId)> =
            sqlx::query_as("SELECT state, organisation_id FROM assistance_requests WHERE id = $1")
                .bind(DbId::from(id))
                .fetch_optional(&mut *tx)
                .await?;
        let Some((state, organisation)) = current else { return Ok(None) };
        let party = match provider {
            Some(provider) => engaged_provider(&mut tx, id, provider).await?,
            None => scope.covers(organisation),
        };
        if !party {
            return Ok(None);
        }
        let from = RequestState::parse(&state)
            .map_err(|e| StoreError::Corrupt(format!("request state: {e}")))?;
        let to = match step.transition.apply(from, step.role) {
            Ok(to) => to,
            Err(refusal) => return Ok(Some(StepOutcome::Refused(refusal))),
        };
        let merge_into = match &step.merge_into {
            None => None,
            Some(reference) => {
                let target: Option<(DbId, String)> = sqlx::query_as(
                    "SELECT id, state FROM assistance_requests WHERE reference = $1",
                )
                .bind(reference.trim().to_uppercase())
                .fetch_optional(&mut *tx)
                .await?;
                let live = |state: &str| RequestState::parse(state).is_ok_and(|s| !s.is_final());
                match target {
                    Some((target, state)) if target != DbId::from(id) && live(&state) => {
                        Some(target)
                    }
                    _ => return Ok(Some(StepOutcome::UnknownMergeTarget)),
                }
            }
        };
        let now = DbTime::new(change.now());
        let updated = sqlx::query(
            "UPDATE assistance_requests SET state = $2, state_changed_at = $3, updated_at = $3, \
             decline_reason = COALESCE($4, decline_reason), merged_into = COALESCE($5, merged_into), \
             submitted_at = CASE WHEN $2 = 'submitted' THEN COALESCE(submitted_at, $3) \
             ELSE submitted_at END WHERE id = $1 AND state = $6",
        )
        .bind(DbId::from(id))
        .bind(to.as_str())
        .bind(now)
        .bind(seal_opt(
            &self.keys.now(),
            "assistance_requests.decline_reason",
            id,
            step.reason.as_deref(),
        ))
        .bind(merge_into)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            // The state changed between the read and the write (another instance): refuse.
            let refusal = TransitionError::NotFromThisState { from, transition: step.transition };
            return Ok(Some(StepOutcome::Refused(refusal)));
        }
        // A resolution's summary is its message (the requester reads it).
        let keys = self.keys.now();
        let summary = step.message.as_deref();
        follow_engagement(&mut tx, &keys, id, step.transition, summary, now).await?;
        if from == RequestState::Offered {
            // The request leaves its offer behind (the requester withdrew it): the provider can
            // no longer accept it, and its expiry job will find it ended.
            sqlx::query(
                "UPDATE offers SET state = 'withdrawn', answered_at = $2 \
                 WHERE request_id = $1 AND state = 'pending'",
            )
            .bind(DbId::from(id))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(body) = &step.message {
            insert_message(&mut tx, &self.keys.now(), id, grant.principal(), body, change.now())
                .await?;
        }
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(Some(StepOutcome::Applied(to)))
    }

    async fn override_urgency(
        &self,
        grant: &Grant,
        id: RequestId,
        urgency: Urgency,
        reason: &str,
        change: &Change,
    ) -> Result<bool, StoreError> {
        if step_role(grant) != Some(Role::Coordinator) {
            return Err(StoreError::WrongGrant("triage"));
        }
        let mut tx = begin_write(self).await?;
        let updated = sqlx::query(
            "UPDATE assistance_requests SET urgency = $2, urgency_rank = $3, \
             urgency_override_reason = $4, urgency_overridden_by = $5, updated_at = $6 WHERE id = $1",
        )
        .bind(DbId::from(id))
        .bind(urgency.as_str())
        .bind(urgency_rank(urgency))
        .bind(seal(&self.keys.now(), "assistance_requests.urgency_override_reason", id, reason))
        .bind(DbId::from(grant.principal()))
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

    async fn add_request_message(
        &self,
        grant: &Grant,
        id: RequestId,
        body: &str,
        change: &Change,
    ) -> Result<bool, StoreError> {
        let scope = request_scope(grant)?;
        if step_role(grant).is_none() {
            return Err(StoreError::WrongGrant("asking for help or triage"));
        }
        let mut tx = begin_write(self).await?;
        let current: Option<(String, DbId)> =
            sqlx::query_as("SELECT state, organisation_id FROM assistance_requests WHERE id = $1")
                .bind(DbId::from(id))
                .fetch_optional(&mut *tx)
                .await?;
        let open = |state: &str| RequestState::parse(state).is_ok_and(|s| !s.is_final());
        match current {
            Some((state, organisation)) if scope.covers(organisation) && open(&state) => {}
            _ => return Ok(false),
        }
        insert_message(&mut tx, &self.keys.now(), id, grant.principal(), body, change.now())
            .await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn start_emergency(
        &self,
        emergency: &Emergency,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut sealed = emergency.clone();
        sealed.submission = sealed_submission(&self.keys.now(), &emergency.submission);
        let mut tx = begin_write(self).await?;
        insert_emergency(&mut tx, &sealed, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn submit_drafts(
        &self,
        user: UserId,
        change: &Change,
    ) -> Result<Vec<RequestId>, StoreError> {
        let mut tx = begin_write(self).await?;
        let drafts: Vec<DbId> = sqlx::query_scalar(
            "SELECT id FROM assistance_requests WHERE requester_id = $1 AND state = 'draft' \
             ORDER BY created_at, id",
        )
        .bind(DbId::from(user))
        .fetch_all(&mut *tx)
        .await?;
        let now = DbTime::new(change.now());
        let mut sent = Vec::with_capacity(drafts.len());
        for (n, id) in drafts.into_iter().enumerate() {
            sqlx::query(
                "UPDATE assistance_requests SET state = 'submitted', submitted_at = $2, \
                 state_changed_at = $2, updated_at = $2 WHERE id = $1 AND state = 'draft'",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let request = RequestId::from_uuid(id.0);
            let mut each = change.clone();
            each.audit.object = ObjectRef::new("request", request);
            each.audit.request_id = Some(request);
            if n > 0 {
                // The change's jobs go out once, with the first request.
                each.jobs.clear();
            }
            record_change(&mut tx, &each).await?;
            sent.push(request);
        }
        tx.commit().await?;
        Ok(sent)
    }

    async fn request_history(
        &self,
        grant: &Grant,
        id: RequestId,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let scope = request_scope(grant)?;
        let organisation: Option<DbId> =
            sqlx::query_scalar("SELECT organisation_id FROM assistance_requests WHERE id = $1")
                .bind(DbId::from(id))
                .fetch_optional(&self.pool)
                .await?;
        if !organisation.is_some_and(|organisation| scope.covers(organisation)) {
            return Ok(Vec::new());
        }
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT seq, occurred_at, actor_id, actor_label, action, object_kind, object_id, \
             request_id, client_address, details, prev_hash, hash FROM audit_events \
             WHERE request_id = $1 AND action NOT LIKE '%.read' ORDER BY seq",
        )
        .bind(DbId::from(id))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }
}

/// A message of the conversation that every party of the request reads.
async fn insert_message(
    tx: &mut Tx,
    keys: &Keyring,
    request: RequestId,
    author: UserId,
    body: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    let id = MessageId::new();
    sqlx::query(
        "INSERT INTO messages (id, request_id, author_id, kind, visibility, tlp, body, created_at) \
         VALUES ($1, $2, $3, 'message', 'all_parties', 'amber', $4, $5)",
    )
    .bind(DbId::from(id))
    .bind(DbId::from(request))
    .bind(DbId::from(author))
    .bind(seal(keys, "messages.body", id, body))
    .bind(DbTime::new(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
