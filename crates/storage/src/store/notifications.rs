//! Notifications: written with the change they tell of (see `Change::with_notification`), read
//! by their recipient only, and gathered into daily digests.
//!
//! Guarantees (both backends): every method acts on one user's own notifications, so a
//! notification id of someone else is "not found"; a notification is in a digest at most once
//! (marking it and enqueuing the digest's e-mail are one transaction).

use async_trait::async_trait;
use c4h_domain::ids::{NotificationId, RequestId, UserId};
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{CaseContacts, Change, Digest, EmailPreference, Notification};

#[async_trait]
pub trait NotificationStore {
    /// Everyone the activity of `request` may concern, with their e-mail preferences.
    async fn case_contacts(&self, request: RequestId) -> Result<Option<CaseContacts>, StoreError>;

    /// The newest `limit` notifications of `user`.
    async fn notifications(
        &self,
        user: UserId,
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError>;

    async fn unread_notifications(&self, user: UserId) -> Result<u32, StoreError>;

    /// Marks `user`'s notification read and returns where it leads; `None` when it is not theirs.
    async fn open_notification(
        &self,
        user: UserId,
        id: NotificationId,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError>;

    /// Marks every notification of `user` read; how many were unread.
    async fn read_all_notifications(
        &self,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError>;

    async fn email_preference(&self, user: UserId) -> Result<EmailPreference, StoreError>;

    async fn set_email_preference(
        &self,
        user: UserId,
        preference: EmailPreference,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The people with notifications waiting for their digest, and how many.
    async fn digests_due(&self) -> Result<Vec<Digest>, StoreError>;

    /// Marks `user`'s waiting notifications as told and writes `change` (the digest's e-mail) in
    /// the same transaction; how many it marked (0: nothing was waiting, nothing written).
    async fn mark_digested(&self, user: UserId, change: &Change) -> Result<u64, StoreError>;
}
