// Inserting whole objects, shared by both backends (see store_impl.rs for how this file is
// compiled). Every insert is `ON CONFLICT DO NOTHING`: seeding twice inserts nothing the second
// time, and counts what it found already there.

/// Counts one insert into a [`SeedOutcome`] and says whether it inserted.
fn tally(outcome: &mut SeedOutcome, result: &<Db as sqlx::Database>::QueryResult) -> bool {
    count_insert(outcome, result.rows_affected() > 0)
}

fn count_insert(outcome: &mut SeedOutcome, inserted: bool) -> bool {
    if inserted {
        outcome.inserted += 1;
    } else {
        outcome.already_present += 1;
    }
    inserted
}

fn space_separated<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values.into_iter().collect::<Vec<_>>().join(" ")
}

fn id<T: Into<DbId>>(value: T) -> DbId {
    value.into()
}

async fn insert_seed(
    tx: &mut Tx,
    keys: &Keyring,
    data: &SeedData,
    now: OffsetDateTime,
) -> Result<SeedOutcome, StoreError> {
    let mut outcome = SeedOutcome::default();
    let now = DbTime::new(now);
    for org in &data.organisations {
        let result = sqlx::query(
            "INSERT INTO organisations (id, name, kind, country, languages, website, nis2_in_scope, \
             verification_state, verified_at, created_at, updated_at, registry_number) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) ON CONFLICT DO NOTHING",
        )
        .bind(id(org.id))
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.country.as_str())
        .bind(space_separated(org.languages.iter().map(LanguageTag::as_str)))
        .bind(org.website.as_deref())
        .bind(org.nis2_in_scope)
        .bind(org.verification.as_str())
        .bind((org.verification == VerificationState::Verified).then_some(now))
        .bind(now)
        .bind(org.registry_number.as_deref())
        .execute(&mut **tx)
        .await?;
        tally(&mut outcome, &result);
    }
    for provider in &data.providers {
        let inserted = insert_provider(tx, provider, now).await?;
        count_insert(&mut outcome, inserted);
    }
    for offering in &data.offerings {
        insert_offering(tx, offering, now, &mut outcome).await?;
    }
    for user in &data.users {
        let inserted = insert_user(tx, user, now.0, true, true).await?;
        count_insert(&mut outcome, inserted);
    }
    for membership in &data.memberships {
        let result = sqlx::query(
            "INSERT INTO memberships (id, user_id, organisation_id, provider_id, role, state, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id(membership.id))
        .bind(id(membership.user_id))
        .bind(membership.organisation_id.map(id))
        .bind(membership.provider_id.map(id))
        .bind(membership.role.as_str())
        .bind(membership.state.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        tally(&mut outcome, &result);
    }
    for request in &data.requests {
        insert_request(tx, keys, request, &mut outcome).await?;
    }
    insert_case_work(tx, keys, data, &mut outcome).await?;
    Ok(outcome)
}

/// Inserts a provider unless one with its id or name exists; `true` when it was inserted.
async fn insert_provider(
    tx: &mut Tx,
    provider: &NewProvider,
    now: DbTime,
) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "INSERT INTO providers (id, name, home_country, website, description, vetting_state, \
             pledge_free_of_charge, pledge_no_upselling, pledge_confidentiality, \
             pledge_code_of_conduct, capacity, contact_email, contact_phone, services_offered, \
             vetted_at, created_at, updated_at, contact_language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, $7, $8, $9, $10, $11, $12, $13, $13, $14) \
             ON CONFLICT DO NOTHING",
    )
    .bind(id(provider.id))
    .bind(&provider.name)
    .bind(provider.home_country.as_str())
    .bind(provider.website.as_deref())
    .bind(&provider.description)
    .bind(provider.vetting.as_str())
    .bind(provider.pledges_taken)
    .bind(provider.capacity.map(i64::from))
    .bind(provider.contact_email.as_ref().map(EmailAddress::as_str))
    .bind(provider.contact_phone.as_deref())
    .bind(space_separated(provider.services_offered.iter().map(|c| c.as_str())))
    .bind((provider.vetting == VettingState::Vetted).then_some(now))
    .bind(now)
    .bind(provider.contact_language.as_ref().map(|tag| tag.as_str().to_owned()))
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() > 0)
}

async fn insert_offering(
    tx: &mut Tx,
    offering: &NewOffering,
    now: DbTime,
    outcome: &mut SeedOutcome,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "INSERT INTO offerings (id, provider_id, category, delivery, capacity, response_time_hours, \
         active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id(offering.id))
    .bind(id(offering.provider_id))
    .bind(offering.category.as_str())
    .bind(offering.delivery.as_str())
    .bind(i64::from(offering.capacity))
    .bind(i64::from(offering.response_time_hours))
    .bind(offering.active)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if !tally(outcome, &result) {
        return Ok(());
    }
    insert_offering_children(tx, offering).await
}

/// Inserts an offering's texts and lists (for a new offering, or after deleting the old ones).
async fn insert_offering_children(tx: &mut Tx, offering: &NewOffering) -> Result<(), StoreError> {
    for text in &offering.texts {
        sqlx::query(
            "INSERT INTO offering_texts (offering_id, language, title, description, search_text) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id(offering.id))
        .bind(text.language.as_str())
        .bind(&text.title)
        .bind(&text.description)
        .bind(format!("{} {}", text.title, text.description).to_lowercase())
        .execute(&mut **tx)
        .await?;
    }
    let lists: [(&str, Vec<&str>); 3] = [
        (
            "INSERT INTO offering_languages (offering_id, language) VALUES ($1, $2)",
            offering.languages.iter().map(LanguageTag::as_str).collect(),
        ),
        (
            "INSERT INTO offering_regions (offering_id, region) VALUES ($1, $2)",
            offering.regions.iter().map(String::as_str).collect(),
        ),
        (
            "INSERT INTO offering_requester_kinds (offering_id, kind) VALUES ($1, $2)",
            offering.requester_kinds.iter().map(|k| k.as_str()).collect(),
        ),
    ];
    for (sql, values) in lists {
        for value in values {
            sqlx::query(sql).bind(id(offering.id)).bind(value).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Inserts a user; with `skip_existing`, an existing id or e-mail is left alone and `false`
/// returned, otherwise it is a [`StoreError::Duplicate`]. A verified address is stamped `now`.
async fn insert_user(
    tx: &mut Tx,
    user: &NewUser,
    now: OffsetDateTime,
    skip_existing: bool,
    email_verified: bool,
) -> Result<bool, StoreError> {
    let sql = if skip_existing {
        "INSERT INTO users (id, email, display_name, password_hash, staff_role, preferred_language, \
         email_verified_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT DO NOTHING"
    } else {
        "INSERT INTO users (id, email, display_name, password_hash, staff_role, preferred_language, \
         email_verified_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
    };
    let result = sqlx::query(sql)
        .bind(id(user.id))
        .bind(user.email.as_str())
        .bind(&user.display_name)
        .bind(user.password_hash.as_deref())
        .bind(user.staff_role.map(|role| role.as_str()))
        .bind(user.preferred_language.as_str())
        .bind(email_verified.then_some(DbTime::new(now)))
        .bind(DbTime::new(now))
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected() > 0)
}

async fn insert_request(
    tx: &mut Tx,
    keys: &Keyring,
    request: &NewRequest,
    outcome: &mut SeedOutcome,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "INSERT INTO assistance_requests (id, reference, organisation_id, requester_id, state, \
         description, active_incident, ransomware, patient_care_impact, systems_down, data_breach, \
         breach_aware_at, email_compromised, out_of_band_contact, category, languages, \
         consent_to_share, tlp, urgency, urgency_reasons, offer_summary, decline_reason, \
         submitted_at, state_changed_at, created_at, updated_at, urgency_rank, computed_urgency) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $25, $24, $26, $19) ON CONFLICT DO NOTHING",
    )
    .bind(id(request.id))
    .bind(&request.reference)
    .bind(id(request.organisation_id))
    .bind(id(request.requester_id))
    .bind(request.state.as_str())
    .bind(seal(keys, "assistance_requests.description", request.id, &request.description))
    .bind(request.active_incident)
    .bind(request.ransomware)
    .bind(space_separated(request.patient_care_impact.iter().map(|i| i.as_str())))
    .bind(request.systems_down)
    .bind(request.data_breach)
    .bind(request.breach_aware_at.map(DbTime::new))
    .bind(request.email_compromised)
    .bind(seal_opt(
        keys,
        "assistance_requests.out_of_band_contact",
        request.id,
        request.out_of_band_contact.as_deref(),
    ))
    .bind(request.category.map(|c| c.as_str()))
    .bind(space_separated(request.languages.iter().map(LanguageTag::as_str)))
    .bind(request.consent_to_share)
    .bind(request.tlp.as_str())
    .bind(request.urgency.map(|u| u.as_str()))
    .bind(space_separated(request.urgency_reasons.iter().map(|r| r.as_str())))
    .bind(seal_opt(
        keys,
        "assistance_requests.offer_summary",
        request.id,
        request.offer_summary.as_deref(),
    ))
    .bind(seal_opt(
        keys,
        "assistance_requests.decline_reason",
        request.id,
        request.decline_reason.as_deref(),
    ))
    .bind(request.submitted_at.map(DbTime::new))
    .bind(DbTime::new(request.state_changed_at))
    .bind(DbTime::new(request.created_at))
    .bind(request.urgency.map(urgency_rank))
    .execute(&mut **tx)
    .await?;
    tally(outcome, &result);
    Ok(())
}

/// Offers, engagements, hours, messages and feedback.
async fn insert_case_work(
    tx: &mut Tx,
    keys: &Keyring,
    data: &SeedData,
    outcome: &mut SeedOutcome,
) -> Result<(), StoreError> {
    for offer in &data.offers {
        let result = sqlx::query(
            "INSERT INTO offers (id, request_id, offering_id, state, deadline_at, decline_reason, \
             answered_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(id(offer.id))
        .bind(id(offer.request_id))
        .bind(id(offer.offering_id))
        .bind(offer.state.as_str())
        .bind(DbTime::new(offer.deadline_at))
        .bind(offer.decline_reason.as_deref())
        .bind(offer.answered_at.map(DbTime::new))
        .bind(DbTime::new(offer.created_at))
        .execute(&mut **tx)
        .await?;
        tally(outcome, &result);
    }
    for engagement in &data.engagements {
        let result = sqlx::query(
            "INSERT INTO engagements (id, request_id, offer_id, provider_id, offering_id, state, \
             resolution_summary, started_at, resolved_at, closed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        )
        .bind(id(engagement.id))
        .bind(id(engagement.request_id))
        .bind(id(engagement.offer_id))
        .bind(id(engagement.provider_id))
        .bind(id(engagement.offering_id))
        .bind(engagement.state.as_str())
        .bind(seal_opt(
            keys,
            "engagements.resolution_summary",
            engagement.request_id,
            engagement.resolution_summary.as_deref(),
        ))
        .bind(DbTime::new(engagement.started_at))
        .bind(engagement.resolved_at.map(DbTime::new))
        .bind(engagement.closed_at.map(DbTime::new))
        .execute(&mut **tx)
        .await?;
        tally(outcome, &result);
    }
    for entry in &data.time_entries {
        let result = sqlx::query(
            "INSERT INTO time_entries (id, engagement_id, user_id, minutes, worked_on, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id(entry.id))
        .bind(id(entry.engagement_id))
        .bind(id(entry.user_id))
        .bind(i64::from(entry.minutes))
        .bind(entry.worked_on.to_string())
        .bind(seal_opt(keys, "time_entries.note", entry.id, entry.note.as_deref()))
        .bind(DbTime::new(entry.created_at))
        .execute(&mut **tx)
        .await?;
        tally(outcome, &result);
    }
    for message in &data.messages {
        let result = sqlx::query(
            "INSERT INTO messages (id, request_id, author_id, kind, visibility, tlp, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(id(message.id))
        .bind(id(message.request_id))
        .bind(message.author_id.map(id))
        .bind(if message.is_note { "note" } else { "message" })
        .bind(message.visibility.as_str())
        .bind(message.tlp.as_str())
        .bind(seal(keys, "messages.body", message.id, &message.body))
        .bind(DbTime::new(message.created_at))
        .execute(&mut **tx)
        .await?;
        tally(outcome, &result);
    }
    for feedback in &data.feedback {
        let result = sqlx::query(
            "INSERT INTO feedback (id, engagement_id, author_id, side, rating, comment, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id(feedback.id))
        .bind(id(feedback.engagement_id))
        .bind(id(feedback.author_id))
        .bind(if feedback.from_requester { "requester" } else { "provider" })
        .bind(feedback.rating.map(i64::from))
        .bind(seal_opt(keys, "feedback.comment", feedback.id, feedback.comment.as_deref()))
        .bind(DbTime::new(feedback.created_at))
        .execute(&mut **tx)
        .await?;
        tally(outcome, &result);
    }
    Ok(())
}
