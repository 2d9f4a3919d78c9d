// Key rotation (see `store/keys.rs`), shared by both backends (see store_impl.rs for how this
// file is compiled).

/// Every column that holds sealed text: its place (the associated data's first half), the
/// statement that finds values another key sealed (`$1` the newest key's prefix, `$2` the
/// limit), and the compare-and-set that replaces one (`$1` new, `$2` record, `$3` old).
macro_rules! sealed_column {
    ($table:literal, $id:literal, $column:literal) => {
        (
            concat!($table, ".", $column),
            concat!(
                "SELECT CAST(",
                $id,
                " AS TEXT), ",
                $column,
                " FROM ",
                $table,
                " WHERE ",
                $column,
                " IS NOT NULL AND substr(",
                $column,
                ", 1, 22) <> $1 LIMIT $2"
            ),
            concat!(
                "UPDATE ",
                $table,
                " SET ",
                $column,
                " = $1 WHERE ",
                $id,
                " = $2 AND ",
                $column,
                " = $3"
            ),
            concat!(
                "SELECT substr(",
                $column,
                ", 6, 16), CAST(COUNT(*) AS BIGINT) FROM ",
                $table,
                " WHERE ",
                $column,
                " IS NOT NULL GROUP BY substr(",
                $column,
                ", 6, 16)"
            ),
        )
    };
}

/// (place, find, replace, count by key).
const SEALED_COLUMNS: [(&str, &str, &str, &str); 15] = [
    sealed_column!("assistance_requests", "id", "description"),
    sealed_column!("assistance_requests", "id", "legal_hold_reason"),
    sealed_column!("assistance_requests", "id", "urgency_override_reason"),
    sealed_column!("organisations", "id", "verification_note"),
    sealed_column!("assistance_requests", "id", "out_of_band_contact"),
    sealed_column!("assistance_requests", "id", "decline_reason"),
    sealed_column!("assistance_requests", "id", "offer_summary"),
    sealed_column!("messages", "id", "body"),
    sealed_column!("engagements", "request_id", "next_steps"),
    sealed_column!("engagements", "request_id", "resolution_summary"),
    sealed_column!("feedback", "id", "comment"),
    sealed_column!("time_entries", "id", "note"),
    sealed_column!("provider_notes", "id", "body"),
    sealed_column!("provider_notes", "id", "evidence"),
    sealed_column!("users", "id", "totp_secret"),
];

/// A record's id as the database stores it, from its text.
fn record_id(text: &str) -> Result<DbId, StoreError> {
    uuid::Uuid::parse_str(text)
        .map(DbId)
        .map_err(|error| StoreError::Corrupt(format!("a record id {text:?}: {error}")))
}

#[async_trait]
impl KeyStore for ThisStore {
    async fn reseal_batch(
        &self,
        limit: u32,
        files: u32,
        change: &Change,
    ) -> Result<Resealed, StoreError> {
        let keys = self.keys.now();
        let current = keys.current().id().to_owned();
        let prefix = format!("{}{current}:", crate::sealing::TEXT_PREFIX);
        let mut tx = begin_write(self).await?;
        let mut by_place = Vec::new();
        for (place, find, replace, _) in SEALED_COLUMNS {
            let found: Vec<(String, String)> = sqlx::query_as(find)
                .bind(&prefix)
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
            let mut count = 0;
            for (record, stored) in found {
                let clear = open(&keys, place, &record, &stored)?;
                let replaced = sqlx::query(replace)
                    .bind(seal(&keys, place, &record, &clear))
                    .bind(record_id(&record)?)
                    .bind(&stored)
                    .execute(&mut *tx)
                    .await?;
                count += replaced.rows_affected();
            }
            if count > 0 {
                by_place.push((place, count));
            }
        }
        let found: Vec<(String, String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT CAST(a.id AS TEXT), a.key_id, a.storage_key, b.sealed FROM attachments a \
             JOIN attachment_blobs b ON b.storage_key = a.storage_key WHERE a.key_id <> $1 \
             LIMIT $2",
        )
        .bind(&current)
        .bind(i64::from(files))
        .fetch_all(&mut *tx)
        .await?;
        let mut count = 0;
        for (record, key_id, storage_key, sealed) in found {
            let clear = keys
                .open(&key_id, record.as_bytes(), &sealed)
                .map_err(|error| StoreError::Corrupt(format!("the file {record}: {error}")))?;
            let resealed = keys.current().seal(record.as_bytes(), &clear);
            sqlx::query("UPDATE attachment_blobs SET sealed = $1 WHERE storage_key = $2")
                .bind(resealed)
                .bind(&storage_key)
                .execute(&mut *tx)
                .await?;
            let moved =
                sqlx::query("UPDATE attachments SET key_id = $1 WHERE id = $2 AND key_id = $3")
                    .bind(&current)
                    .bind(record_id(&record)?)
                    .bind(&key_id)
                    .execute(&mut *tx)
                    .await?;
            count += moved.rows_affected();
        }
        if count > 0 {
            by_place.push(("attachments.sealed", count));
        }
        let resealed = Resealed { by_place };
        if resealed.total() == 0 {
            return Ok(resealed);
        }
        let counts: serde_json::Map<String, serde_json::Value> = resealed
            .by_place
            .iter()
            .map(|(place, count)| ((*place).to_owned(), serde_json::Value::from(*count)))
            .collect();
        let mut change = change.clone();
        change.audit.details = serde_json::json!({ "key": current, "resealed": counts });
        record_change(&mut tx, &change).await?;
        tx.commit().await?;
        Ok(resealed)
    }

    async fn sealed_by_key(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut totals: std::collections::BTreeMap<String, u64> = Default::default();
        for (_, _, _, count) in SEALED_COLUMNS {
            let rows: Vec<(String, i64)> = sqlx::query_as(count).fetch_all(&self.pool).await?;
            for (key, n) in rows {
                *totals.entry(key).or_default() += u64::try_from(n).unwrap_or(0);
            }
        }
        let files: Vec<(String, i64)> = sqlx::query_as(
            "SELECT key_id, CAST(COUNT(*) AS BIGINT) FROM attachments GROUP BY key_id",
        )
        .fetch_all(&self.pool)
        .await?;
        for (key, n) in files {
            *totals.entry(key).or_default() += u64::try_from(n).unwrap_or(0);
        }
        Ok(totals.into_iter().collect())
    }
}
