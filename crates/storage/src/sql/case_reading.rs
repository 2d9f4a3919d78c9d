// What each party of a request reads of it, shared by both backends (see store_impl.rs for how
// this file is compiled): the scope a grant opens, and the conversation and files within it, each
// filtered in the statement by `c4h_domain::case::readable_by`.

/// The feedback on the engagement of request `$1`, with its author's name.
macro_rules! feedback_select {
    () => {
        "SELECT f.id, f.side, CAST(f.rating AS BIGINT), f.comment, u.display_name, f.created_at \
         FROM feedback f JOIN engagements e ON e.id = f.engagement_id \
         JOIN users u ON u.id = f.author_id WHERE e.request_id = $1"
    };
}

/// Whose requests a grant opens: all of them (staff, on the directory), or one organisation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RequestScope {
    Staff,
    Organisation(OrganisationId),
    /// The engaged provider (checked by the caller: see `engaged_case`).
    EngagedProvider,
}

fn request_scope(grant: &Grant) -> Result<RequestScope, StoreError> {
    match (grant.action(), grant.resource()) {
        (Action::View | Action::Triage, Resource::Directory) => Ok(RequestScope::Staff),
        (Action::View | Action::RequestHelp, Resource::Organisation(id)) => {
            Ok(RequestScope::Organisation(id))
        }
        _ => Err(StoreError::WrongGrant("a request's organisation or the directory")),
    }
}

impl RequestScope {
    fn covers(self, organisation: DbId) -> bool {
        match self {
            Self::Staff => true,
            Self::Organisation(id) => DbId::from(id) == organisation,
            Self::EngagedProvider => false,
        }
    }

    /// The messages of a request (`$1`) this scope may read (`c4h_domain::case::readable_by`):
    /// staff read all of them, the engaged provider those for all parties and for coordinators
    /// and the provider, the organisation those for all parties.
    fn messages_sql(self) -> &'static str {
        macro_rules! messages_where {
            ($filter:literal) => {
                concat!(
                    "SELECT m.id, u.display_name AS author_name, \
                     (u.staff_role IS NOT NULL) AS from_staff, m.body, m.tlp, m.visibility, m.created_at FROM messages m \
                     LEFT JOIN users u ON u.id = m.author_id WHERE m.request_id = $1",
                    $filter,
                    " ORDER BY m.created_at, m.id"
                )
            };
        }
        match self {
            Self::Staff => messages_where!(""),
            Self::EngagedProvider => {
                messages_where!(" AND m.visibility IN ('all_parties', 'coordinators_and_provider')")
            }
            Self::Organisation(_) => messages_where!(" AND m.visibility = 'all_parties'"),
        }
    }

    /// The files of a request (`$1`) this scope may read, by the same rule as its messages.
    fn files_sql(self) -> &'static str {
        macro_rules! files_where {
            ($filter:literal) => {
                concat!(
                    "SELECT a.id, a.file_name, a.declared_type, a.size_bytes, a.sha256, \
                     a.visibility, a.tlp, u.display_name AS uploaded_by_name, \
                     (u.staff_role IS NOT NULL) AS from_staff, a.created_at FROM attachments a \
                     JOIN users u ON u.id = a.uploaded_by WHERE a.request_id = $1",
                    $filter,
                    " ORDER BY a.created_at, a.id"
                )
            };
        }
        match self {
            Self::Staff => files_where!(""),
            Self::EngagedProvider => {
                files_where!(" AND a.visibility IN ('all_parties', 'coordinators_and_provider')")
            }
            Self::Organisation(_) => files_where!(" AND a.visibility = 'all_parties'"),
        }
    }
}

async fn messages_of(
    pool: &PoolOf,
    keys: &Keyring,
    id: RequestId,
    scope: RequestScope,
) -> Result<Vec<RequestMessage>, StoreError> {
    let rows: Vec<MessageRow> =
        sqlx::query_as(scope.messages_sql()).bind(DbId::from(id)).fetch_all(pool).await?;
    rows.into_iter().map(|row| row.open(keys)).collect()
}

async fn files_of(
    pool: &PoolOf,
    id: RequestId,
    scope: RequestScope,
) -> Result<Vec<CaseFile>, StoreError> {
    let rows: Vec<FileRow> =
        sqlx::query_as(scope.files_sql()).bind(DbId::from(id)).fetch_all(pool).await?;
    rows.into_iter().map(CaseFile::try_from).collect()
}

/// id, side, rating, comment, author's name, when.
type FeedbackTuple = (DbId, String, Option<i64>, Option<String>, String, DbTime);

/// The engagement on request `id` with the feedback `scope` reads: staff both sides, the
/// organisation the requester's, the engaged provider its own.
async fn engagement_of(
    pool: &PoolOf,
    keys: &Keyring,
    id: RequestId,
    scope: RequestScope,
) -> Result<Option<CaseEngagement>, StoreError> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT next_steps, resolution_summary FROM engagements WHERE request_id = $1",
    )
    .bind(DbId::from(id))
    .fetch_optional(pool)
    .await?;
    let Some((next_steps, resolution_summary)) = row else { return Ok(None) };
    let next_steps = open_opt(keys, "engagements.next_steps", id, next_steps)?;
    let resolution_summary =
        open_opt(keys, "engagements.resolution_summary", id, resolution_summary)?;
    let sql = match scope {
        RequestScope::Staff => concat!(feedback_select!(), " ORDER BY f.created_at"),
        RequestScope::Organisation(_) => {
            concat!(feedback_select!(), " AND f.side = 'requester' ORDER BY f.created_at")
        }
        RequestScope::EngagedProvider => {
            concat!(feedback_select!(), " AND f.side = 'provider' ORDER BY f.created_at")
        }
    };
    let rows: Vec<FeedbackTuple> = sqlx::query_as(sql).bind(DbId::from(id)).fetch_all(pool).await?;
    let feedback = rows
        .into_iter()
        .map(|(feedback, side, rating, comment, author_name, at)| {
            let record = FeedbackId::from_uuid(feedback.0);
            Ok(CaseFeedback {
                from_requester: side == "requester",
                rating: rating.and_then(|r| u8::try_from(r).ok()),
                comment: open_opt(keys, "feedback.comment", record, comment)?,
                author_name,
                created_at: at.0,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(CaseEngagement { next_steps, resolution_summary, feedback }))
}
