//! Typed identifiers: an `OrganisationId` can never be passed where a `ProviderId` is expected.
//!
//! Every id is a UUID. New ids are version 7 (time-ordered, so indexes stay compact); demo data
//! uses version 5 ids derived from a name, so loading it twice finds the same rows.

use crate::{ParseError, ValueKind};
use uuid::Uuid;

/// The namespace for name-derived (v5) ids, so that they cannot collide with anyone else's.
const NAME_NAMESPACE: Uuid = Uuid::from_u128(0x6c0b_9e1a_4f1d_4a7e_9c3b_2d8e_5f60_c4a1);

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, unique, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The id that `name` always maps to (for fixtures and demo data).
            pub fn from_name(name: &str) -> Self {
                Self(Uuid::new_v5(&NAME_NAMESPACE, format!("{}:{}", stringify!($name), name).as_bytes()))
            }

            /// Wraps an id read from storage.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// Parses an id as it appears in a URL or form.
            pub fn parse(value: &str) -> Result<Self, ParseError> {
                let value = value.trim();
                if value.is_empty() {
                    return Err(ParseError::Empty);
                }
                Uuid::try_parse(value)
                    .map(Self)
                    .map_err(|_| ParseError::malformed(ValueKind::Id, value))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::parse(value)
            }
        }
    )+};
}

typed_id!(
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
    NotificationId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_the_same_name_are_equal_and_differ_across_types() {
        assert_eq!(ProviderId::from_name("a"), ProviderId::from_name("a"));
        assert_ne!(ProviderId::from_name("a"), ProviderId::from_name("b"));
        assert_ne!(ProviderId::from_name("a").as_uuid(), OfferingId::from_name("a").as_uuid());
    }

    #[test]
    fn an_id_round_trips_through_text_and_garbage_is_refused() {
        let id = RequestId::new();
        assert_eq!(RequestId::parse(&id.to_string()), Ok(id));
        assert!(matches!(RequestId::parse("1 OR 1=1"), Err(ParseError::Malformed { .. })));
        assert_eq!(RequestId::parse(""), Err(ParseError::Empty));
    }

    #[test]
    fn new_ids_are_time_ordered() {
        let first = JobId::new();
        let second = JobId::new();
        assert!(first < second);
    }
}
