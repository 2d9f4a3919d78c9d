//! The permission policy: who may do what to which object.
//!
//! [`authorize`] is the only way to obtain a [`Grant`], and the storage functions that read or
//! change protected data take one, reading the object to act on from the grant itself. So code
//! that forgets to ask cannot compile, and code that asks about one object cannot act on another.
//!
//! A refusal says whether the caller may know that the object exists: [`Denial::NotFound`] (the
//! web layer answers 404, exactly as for an object that does not exist) or [`Denial::Forbidden`]
//! (the caller can see the object but not do this; 403).

use crate::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use crate::{MembershipRole, MembershipState, StaffRole};

/// A signed-in person, with everything the policy looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub staff_role: Option<StaffRole>,
    pub email_verified: bool,
    pub memberships: Vec<Membership>,
}

/// One of a principal's memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: MembershipId,
    pub of: MemberOf,
    pub role: MembershipRole,
    pub state: MembershipState,
}

/// What a membership is a membership of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberOf {
    Organisation(OrganisationId),
    Provider(ProviderId),
}

/// Something a principal may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See an organisation or provider and its members.
    View,
    /// Approve, refuse, remove and promote members; see the join code.
    ManageMembers,
    /// Invite people to a provider (its admins; coordinators for the first admin).
    InviteMembers,
    /// Create a new organisation and become its admin.
    CreateOrganisation,
    /// Ask to join an organisation.
    RequestToJoin,
    /// Invite, disable, re-enable and change the role of staff; reset anyone's MFA.
    ManageStaff,
    /// Vet, reject, suspend or retire a provider; write notes about it.
    Vet,
    /// Verify or reject an organisation.
    Verify,
    /// Create, edit and pause a provider's offerings, and pause the provider.
    ManageOfferings,
    /// Ask for help for an organisation, and follow its requests: withdraw, answer, confirm a
    /// resolution (any active member whose address is verified).
    RequestHelp,
    /// Work the coordinators' queue: triage, accept for matching, decline, merge, waitlist,
    /// override an urgency (staff, on the directory).
    Triage,
    /// Approve someone's request to join an organisation as one of its members: any member of a
    /// verified organisation may vouch for a colleague (the store checks the verification).
    Vouch,
    /// Read a provider's offers and accept or decline them: any active member of the provider
    /// (coordinators send and withdraw offers, they never answer for a provider).
    AnswerOffers,
}

/// The object of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Organisation(OrganisationId),
    Provider(ProviderId),
    /// The operator's staff and accounts as a whole.
    Accounts,
    /// The coordinators' lists of providers, offerings and organisations, with their history.
    Directory,
    /// The audit trail: who did and saw what (staff read it; nobody changes it).
    AuditTrail,
}

/// Permission to do one action to one resource, issued by [`authorize`] only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    principal: UserId,
    action: Action,
    resource: Resource,
}

impl Grant {
    pub fn principal(&self) -> UserId {
        self.principal
    }

    pub fn action(&self) -> Action {
        self.action
    }

    pub fn resource(&self) -> Resource {
        self.resource
    }

    /// The organisation this grant is about, if it is about one.
    pub fn organisation(&self) -> Option<OrganisationId> {
        match self.resource {
            Resource::Organisation(id) => Some(id),
            _ => None,
        }
    }

    /// The provider this grant is about, if it is about one.
    pub fn provider(&self) -> Option<ProviderId> {
        match self.resource {
            Resource::Provider(id) => Some(id),
            _ => None,
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// The caller may not even know the object exists.
    #[error("not found")]
    NotFound,
    /// The caller can see the object but may not do this.
    #[error("forbidden")]
    Forbidden,
}

impl Principal {
    fn is(&self, role: StaffRole) -> bool {
        self.staff_role == Some(role)
    }

    fn is_staff(&self) -> bool {
        self.staff_role.is_some()
    }

    /// The principal's active role in `of`, if any.
    pub fn active_role(&self, of: MemberOf) -> Option<MembershipRole> {
        self.memberships
            .iter()
            .find(|m| m.of == of && m.state == MembershipState::Active)
            .map(|m| m.role)
    }

    /// Whether the second factor is mandatory: for staff and for members of a provider.
    pub fn requires_mfa(&self) -> bool {
        self.is_staff()
            || self.memberships.iter().any(|m| {
                matches!(m.of, MemberOf::Provider(_)) && m.state == MembershipState::Active
            })
    }
}

/// Decides whether `principal` may do `action` to `resource`.
pub fn authorize(
    principal: &Principal,
    action: Action,
    resource: Resource,
) -> Result<Grant, Denial> {
    let allowed = match resource {
        Resource::Organisation(id) => organisation_rule(principal, action, id),
        Resource::Provider(id) => provider_rule(principal, action, id),
        Resource::Accounts => accounts_rule(principal, action),
        Resource::Directory => match action {
            Action::View | Action::Triage if principal.is_staff() => Ok(true),
            _ => Err(Denial::NotFound),
        },
        Resource::AuditTrail => match action {
            Action::View if principal.is_staff() => Ok(true),
            _ => Err(Denial::NotFound),
        },
    }?;
    if allowed {
        Ok(Grant { principal: principal.user_id, action, resource })
    } else {
        Err(Denial::Forbidden)
    }
}

/// `Ok(true)` allowed; `Ok(false)` visible but forbidden; `Err(NotFound)` invisible.
type Verdict = Result<bool, Denial>;

fn organisation_rule(principal: &Principal, action: Action, id: OrganisationId) -> Verdict {
    let role = principal.active_role(MemberOf::Organisation(id));
    // Coordinators verify organisations, so they may see them; nobody else outside does.
    let visible = role.is_some() || principal.is_staff();
    match action {
        // Asking to join needs only the join code, which its admin shares; it reveals nothing.
        Action::RequestToJoin => {
            Ok(principal.email_verified && !principal.is_staff() && role.is_none())
        }
        _ if !visible => Err(Denial::NotFound),
        Action::View => Ok(true),
        Action::ManageMembers => Ok(role == Some(MembershipRole::Admin)),
        Action::Vouch => Ok(role.is_some()),
        Action::RequestHelp => Ok(role.is_some() && principal.email_verified),
        Action::Verify => Ok(principal.is_staff()),
        _ => Ok(false),
    }
}

fn provider_rule(principal: &Principal, action: Action, id: ProviderId) -> Verdict {
    let role = principal.active_role(MemberOf::Provider(id));
    let visible = role.is_some() || principal.is_staff();
    match action {
        _ if !visible => Err(Denial::NotFound),
        Action::View => Ok(true),
        Action::ManageMembers => Ok(role == Some(MembershipRole::Admin)),
        // Coordinators invite a provider's first admin; its admins invite the rest.
        Action::InviteMembers => Ok(role == Some(MembershipRole::Admin) || principal.is_staff()),
        Action::ManageOfferings => Ok(role == Some(MembershipRole::Admin)),
        Action::AnswerOffers => Ok(role.is_some()),
        Action::Vet => Ok(principal.is_staff()),
        _ => Ok(false),
    }
}

fn accounts_rule(principal: &Principal, action: Action) -> Verdict {
    match action {
        Action::ManageStaff if principal.is(StaffRole::Admin) => Ok(true),
        // Only administrators learn that staff management exists.
        Action::ManageStaff => Err(Denial::NotFound),
        Action::CreateOrganisation => Ok(principal.email_verified && !principal.is_staff()),
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests;
