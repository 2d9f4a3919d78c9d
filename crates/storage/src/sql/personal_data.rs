// A person's data as the document they download (see `RetentionStore::personal_data`), shared
// by both backends (see store_impl.rs for how this file is compiled). JSON because it is a
// document for the person, not a record the service reads back; built here because only the
// store opens sealed text.

/// Organisation name, provider name, role, state, since.
type DataMembershipRow = (Option<String>, Option<String>, String, String, DbTime);
/// Created, last seen, address, browser, revoked.
type DataSessionRow = (DbTime, DbTime, Option<String>, Option<String>, Option<DbTime>);
/// Id, reference, state, description, contact, created, submitted.
type DataRequestRow = (DbId, String, String, String, Option<String>, DbTime, Option<DbTime>);
/// Id, case reference, side, rating, comment, given.
type DataFeedbackRow = (DbId, String, String, Option<i64>, Option<String>, DbTime);

/// An instant as RFC 3339 text, or null.
fn instant(at: Option<DbTime>) -> serde_json::Value {
    at.and_then(|at| at.0.format(&time::format_description::well_known::Rfc3339).ok())
        .map_or(serde_json::Value::Null, serde_json::Value::String)
}

async fn personal_data_of(
    store: &ThisStore,
    user: UserId,
) -> Result<serde_json::Value, StoreError> {
    use serde_json::json;
    let pool = &store.pool;
    let keys = store.keys.now();
    let id = DbId::from(user);
    type AccountRow = (
        String,
        String,
        String,
        Option<String>,
        Option<DbTime>,
        DbTime,
        Option<DbTime>,
        Option<DbTime>,
        String,
    );
    let account: Option<AccountRow> = sqlx::query_as(
        "SELECT email, display_name, preferred_language, staff_role, email_verified_at, \
         created_at, password_changed_at, totp_enrolled_at, notify_email FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(account) = account else { return Ok(serde_json::Value::Null) };

    let memberships: Vec<DataMembershipRow> = sqlx::query_as(
        "SELECT o.name, p.name, m.role, m.state, m.created_at FROM memberships m \
             LEFT JOIN organisations o ON o.id = m.organisation_id \
             LEFT JOIN providers p ON p.id = m.provider_id WHERE m.user_id = $1 \
             ORDER BY m.created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let sessions: Vec<DataSessionRow> = sqlx::query_as(
        "SELECT created_at, last_seen_at, client_address, user_agent, revoked_at \
             FROM sessions WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let requests: Vec<DataRequestRow> = sqlx::query_as(
        "SELECT id, reference, state, description, out_of_band_contact, created_at, \
             submitted_at FROM assistance_requests WHERE requester_id = $1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let messages: Vec<(DbId, String, String, String, String, DbTime)> = sqlx::query_as(
        "SELECT m.id, r.reference, m.kind, m.visibility, m.body, m.created_at FROM messages m \
         JOIN assistance_requests r ON r.id = m.request_id WHERE m.author_id = $1 \
         ORDER BY m.created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let files: Vec<(String, String, i64, String, DbTime)> = sqlx::query_as(
        "SELECT r.reference, a.file_name, a.size_bytes, a.sha256, a.created_at FROM attachments a \
         JOIN assistance_requests r ON r.id = a.request_id WHERE a.uploaded_by = $1 \
         ORDER BY a.created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let hours: Vec<(DbId, String, i64, String, Option<String>, DbTime)> = sqlx::query_as(
        "SELECT t.id, r.reference, CAST(t.minutes AS BIGINT), t.worked_on, t.note, t.created_at \
         FROM time_entries t JOIN engagements e ON e.id = t.engagement_id \
         JOIN assistance_requests r ON r.id = e.request_id WHERE t.user_id = $1 \
         ORDER BY t.created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let feedback: Vec<DataFeedbackRow> = sqlx::query_as(
        "SELECT f.id, r.reference, f.side, CAST(f.rating AS BIGINT), f.comment, f.created_at \
             FROM feedback f JOIN engagements e ON e.id = f.engagement_id \
             JOIN assistance_requests r ON r.id = e.request_id WHERE f.author_id = $1 \
             ORDER BY f.created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let notifications: Vec<(String, String, DbTime, Option<DbTime>)> = sqlx::query_as(
        "SELECT kind, reference, created_at, read_at FROM notifications WHERE user_id = $1 \
         ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(i64, DbTime, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT seq, occurred_at, action, object_kind, object_id, client_address \
         FROM audit_events WHERE actor_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;

    let mut filed = Vec::with_capacity(requests.len());
    for (request, reference, state, description, contact, created, submitted) in requests {
        let record = request.0;
        filed.push(json!({
            "reference": reference,
            "state": state,
            "description": open(&keys, "assistance_requests.description", record, &description)?,
            "contact_when_email_is_compromised":
                open_opt(&keys, "assistance_requests.out_of_band_contact", record, contact)?,
            "created_at": instant(Some(created)),
            "submitted_at": instant(submitted),
        }));
    }
    let mut written = Vec::with_capacity(messages.len());
    for (message, reference, kind, visibility, body, created) in messages {
        written.push(json!({
            "case": reference,
            "kind": kind,
            "visibility": visibility,
            "text": open(&keys, "messages.body", message.0, &body)?,
            "written_at": instant(Some(created)),
        }));
    }
    let mut logged = Vec::with_capacity(hours.len());
    for (entry, reference, minutes, worked_on, note, created) in hours {
        logged.push(json!({
            "case": reference,
            "minutes": minutes,
            "worked_on": worked_on,
            "note": open_opt(&keys, "time_entries.note", entry.0, note)?,
            "logged_at": instant(Some(created)),
        }));
    }
    let mut given = Vec::with_capacity(feedback.len());
    for (entry, reference, side, rating, comment, created) in feedback {
        given.push(json!({
            "case": reference,
            "as": side,
            "rating": rating,
            "comment": open_opt(&keys, "feedback.comment", entry.0, comment)?,
            "given_at": instant(Some(created)),
        }));
    }
    let (email, name, language, staff_role, verified, created, password_changed, totp, notify) =
        account;
    Ok(json!({
        "account": {
            "id": user.to_string(),
            "email": email,
            "display_name": name,
            "preferred_language": language,
            "staff_role": staff_role,
            "email_verified_at": instant(verified),
            "created_at": instant(Some(created)),
            "password_changed_at": instant(password_changed),
            "second_factor_enrolled_at": instant(totp),
            "email_notifications": notify,
        },
        "memberships": memberships.into_iter().map(|(organisation, provider, role, state, at)| json!({
            "organisation": organisation,
            "provider": provider,
            "role": role,
            "state": state,
            "since": instant(Some(at)),
        })).collect::<Vec<_>>(),
        "sessions": sessions.into_iter().map(|(created, seen, address, agent, revoked)| json!({
            "signed_in_at": instant(Some(created)),
            "last_seen_at": instant(Some(seen)),
            "address": address,
            "browser": agent,
            "ended_at": instant(revoked),
        })).collect::<Vec<_>>(),
        "requests_filed": filed,
        "messages_written": written,
        "files_uploaded": files.into_iter().map(|(reference, name, size, sha256, at)| json!({
            "case": reference,
            "file_name": name,
            "size_bytes": size,
            "sha256": sha256,
            "uploaded_at": instant(Some(at)),
        })).collect::<Vec<_>>(),
        "hours_logged": logged,
        "feedback_given": given,
        "notifications": notifications.into_iter().map(|(kind, reference, at, read)| json!({
            "kind": kind,
            "case": reference,
            "at": instant(Some(at)),
            "read_at": instant(read),
        })).collect::<Vec<_>>(),
        "audit_events": events.into_iter().map(|(seq, at, action, kind, object, address)| json!({
            "seq": seq,
            "at": instant(Some(at)),
            "action": action,
            "object": format!("{kind}:{object}"),
            "address": address,
        })).collect::<Vec<_>>(),
    }))
}
