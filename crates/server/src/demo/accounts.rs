//! Demo accounts that can sign in: one per role, each with a password generated when the demo is
//! loaded and shown once to whoever loaded it, and a TOTP key where the role requires one. There
//! are never fixed or default passwords: an account that already exists is left as it is and its
//! password is not shown again.

use c4h_domain::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::{EmailAddress, LanguageTag, MembershipRole, MembershipState, Password, StaffRole};
use c4h_storage::model::{Actor, Change, NewMembership, NewUser, ObjectRef, SeedData};
use c4h_storage::{Store, StoreError};
use data_encoding::BASE32_NOPAD;
use time::OffsetDateTime;

use crate::auth::{secrets, totp};

/// A demo account created just now, with its secrets in clear: print them, then forget them.
#[derive(Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub role: &'static str,
    pub email: String,
    pub password: String,
    /// Base32 TOTP key, for roles that require a second factor.
    pub totp_key: Option<String>,
}

impl std::fmt::Debug for DemoAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoAccount")
            .field("role", &self.role)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// (role label, address, staff role, membership)
const ACCOUNTS: [(&str, &str, Option<StaffRole>, Option<Membership>); 4] = [
    ("administrator", "demo-admin@c4h.example", Some(StaffRole::Admin), None),
    ("coordinator", "demo-coordinator@c4h.example", Some(StaffRole::Coordinator), None),
    (
        "requester",
        "demo-requester@tilleuls.example",
        None,
        Some(Membership::Organisation("tilleuls")),
    ),
    (
        "provider engineer",
        "demo-engineer@sentinel-response-team.example",
        None,
        Some(Membership::Provider("Sentinel Response Team")),
    ),
];

#[derive(Clone, Copy)]
enum Membership {
    Organisation(&'static str),
    Provider(&'static str),
}

/// A random password of 20 letters and digits in four groups: strong, and easy to type.
fn random_password() -> String {
    let raw = secrets::new_token().into_bytes();
    let encoded = BASE32_NOPAD.encode(&raw[..12]).to_lowercase();
    encoded.as_bytes()[..20]
        .chunks(5)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Creates the demo accounts that do not exist yet; returns them with their secrets.
pub async fn create(
    store: &dyn Store,
    now: OffsetDateTime,
) -> Result<Vec<DemoAccount>, StoreError> {
    let mut created = Vec::new();
    for (role, address, staff_role, membership) in ACCOUNTS {
        let email = EmailAddress::parse(address).expect("demo addresses are valid");
        if store.user_by_email(&email).await?.is_some() {
            continue;
        }
        let password = random_password();
        let hash = crate::passwords::hash(
            Password::parse(&password).expect("generated passwords meet the policy"),
        )
        .await
        .map_err(|error| StoreError::Corrupt(format!("hashing a demo password: {error}")))?;
        let user = NewUser {
            id: UserId::from_name(&format!("demo-account/{address}")),
            email: email.clone(),
            display_name: format!("Demo {role}"),
            password_hash: Some(hash),
            staff_role,
            preferred_language: LanguageTag::parse("en").expect("valid"),
        };
        let mut data = SeedData { users: vec![user.clone()], ..SeedData::default() };
        if let Some(membership) = membership {
            let (organisation_id, provider_id) = match membership {
                Membership::Organisation(key) => (Some(OrganisationId::from_name(key)), None),
                Membership::Provider(name) => (None, Some(ProviderId::from_name(name))),
            };
            data.memberships.push(NewMembership {
                id: MembershipId::from_name(&format!("demo-account/{address}")),
                user_id: user.id,
                organisation_id,
                provider_id,
                role: MembershipRole::Admin,
                state: MembershipState::Active,
            });
        }
        let change =
            Change::new(Actor::cli(), "demo.account_create", ObjectRef::new("user", user.id), now);
        store.seed(&data, &change).await?;
        let totp_key =
            if staff_role.is_some() || matches!(membership, Some(Membership::Provider(_))) {
                let key = totp::encode_secret(&secrets::new_totp_secret());
                let change =
                    Change::new(Actor::cli(), "mfa.enrol", ObjectRef::new("user", user.id), now);
                store.enrol_totp(user.id, &key, &[], &change).await?;
                Some(key)
            } else {
                None
            };
        created.push(DemoAccount { role, email: address.to_owned(), password, totp_key });
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_random_and_meet_the_policy() {
        let (a, b) = (random_password(), random_password());
        assert_eq!(a.len(), 23);
        assert_ne!(a, b);
        assert!(Password::parse(&a).is_ok());
    }
}
