//! How ids and timestamps are written on each backend.
//!
//! PostgreSQL has native `uuid` and `timestamptz`; SQLite stores both as TEXT. These two wrappers
//! encode and decode correctly on either, so that the SQL and the row types are shared:
//! - [`DbId`]: a UUID; hyphenated TEXT on SQLite.
//! - [`DbTime`]: a UTC instant truncated to microseconds (PostgreSQL's precision); on SQLite the
//!   fixed-width text `2026-11-29T04:42:42.123456Z`, whose text order is time order, so that
//!   `WHERE run_at <= $1` and `ORDER BY created_at` mean the same on both backends.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteTypeInfo, SqliteValueRef};
use sqlx::{Database, Decode, Encode, Postgres, Sqlite, Type};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
use uuid::Uuid;

/// A UUID as stored by either backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DbId(pub Uuid);

/// A UTC instant, microsecond precision, as stored by either backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DbTime(pub OffsetDateTime);

const SQLITE_TIME: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Truncates to whole microseconds and converts to UTC, the form both backends store exactly.
pub fn normalise_time(instant: OffsetDateTime) -> OffsetDateTime {
    let utc = instant.to_offset(UtcOffset::UTC);
    let micros = utc.microsecond();
    utc.replace_microsecond(micros).unwrap_or(utc)
}

impl DbTime {
    pub(crate) fn new(instant: OffsetDateTime) -> Self {
        Self(normalise_time(instant))
    }

    pub(crate) fn to_sqlite_text(self) -> String {
        // Formatting a UTC instant with this description cannot fail; years are four digits.
        self.0.format(SQLITE_TIME).unwrap_or_default()
    }
}

impl Type<Sqlite> for DbId {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Sqlite> for DbId {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.0.hyphenated().to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for DbId {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Self(Uuid::try_parse(text)?))
    }
}

impl Type<Postgres> for DbId {
    fn type_info() -> PgTypeInfo {
        <Uuid as Type<Postgres>>::type_info()
    }
    fn compatible(ty: &PgTypeInfo) -> bool {
        <Uuid as Type<Postgres>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Postgres> for DbId {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <Uuid as Encode<'q, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for DbId {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<Uuid as Decode<Postgres>>::decode(value)?))
    }
}

impl Type<Sqlite> for DbTime {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Sqlite> for DbTime {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.to_sqlite_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTime {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        let parsed = PrimitiveDateTime::parse(text, SQLITE_TIME)
            .map_err(|error| format!("timestamp {text:?} is not in the stored format: {error}"))?;
        Ok(Self(parsed.assume_utc()))
    }
}

impl Type<Postgres> for DbTime {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }
    fn compatible(ty: &PgTypeInfo) -> bool {
        <OffsetDateTime as Type<Postgres>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Postgres> for DbTime {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <OffsetDateTime as Encode<'q, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for DbTime {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let instant = <OffsetDateTime as Decode<Postgres>>::decode(value)?;
        Ok(Self(instant.to_offset(UtcOffset::UTC)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sqlite_text_is_fixed_width_so_text_order_is_time_order() {
        let early = DbTime::new(datetime!(2026-11-29 04:42:42.5 UTC)).to_sqlite_text();
        let late = DbTime::new(datetime!(2026-11-29 04:42:42.123456789 +01:00)).to_sqlite_text();
        assert_eq!(early, "2026-11-29T04:42:42.500000Z");
        assert_eq!(late, "2026-11-29T03:42:42.123456Z");
        assert!(late < early);
    }

    #[test]
    fn normalising_drops_nanoseconds_and_keeps_the_instant() {
        let instant = datetime!(2026-01-01 00:00:00.123456789 +02:00);
        let normal = normalise_time(instant);
        assert_eq!(normal.nanosecond(), 123_456_000);
        assert_eq!(normal.offset(), UtcOffset::UTC);
        assert!(instant - normal < time::Duration::microseconds(1));
    }
}

macro_rules! db_id_from {
    ($($id:ident),+) => {$(
        impl From<c4h_domain::ids::$id> for DbId {
            fn from(id: c4h_domain::ids::$id) -> Self {
                Self(id.as_uuid())
            }
        }
    )+};
}

db_id_from!(
    OrganisationId,
    ProviderId,
    OfferingId,
    UserId,
    MembershipId,
    RequestId,
    OfferId,
    EngagementId,
    MessageId,
    AttachmentId,
    FeedbackId,
    TimeEntryId,
    JobId,
    SessionId,
    InvitationId,
    ReviewId,
    NoteId,
    NotificationId
);
