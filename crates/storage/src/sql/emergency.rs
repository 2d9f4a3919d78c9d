// The emergency path, shared by both backends (see store_impl.rs for how this file is compiled).

async fn insert_emergency(
    tx: &mut Tx,
    emergency: &Emergency,
    change: &Change,
) -> Result<(), StoreError> {
    let now = change.now();
    insert_user(tx, &emergency.user, now, false, false).await?;
    insert_token(tx, &emergency.verification).await?;
    let org = &emergency.organisation;
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
    .bind(DbId::from(emergency.user.id))
    .bind(&emergency.join_code)
    .bind(DbTime::new(now))
    .bind(org.registry_number.as_deref())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO memberships (id, user_id, organisation_id, role, state, created_at, updated_at) \
         VALUES ($1, $2, $3, 'admin', 'active', $4, $4)",
    )
    .bind(DbId::from(emergency.membership))
    .bind(DbId::from(emergency.user.id))
    .bind(DbId::from(org.id))
    .bind(DbTime::new(now))
    .execute(&mut **tx)
    .await?;
    let key = format!("{}:{}", emergency.user.id, emergency.submission.idempotency_key);
    insert_submission(tx, emergency.user.id, org.id, &emergency.submission, &key, change).await?;
    Ok(())
}
