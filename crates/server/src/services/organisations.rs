//! Requesters' organisations: creating one, asking to join one, and its admins' decisions.

use c4h_domain::VerificationState;
use c4h_domain::ids::{MembershipId, OrganisationId};
use c4h_domain::policy::{Action, Denial, Principal, Resource, authorize};
use c4h_storage::StoreError;
use c4h_storage::model::{
    MemberView, MembershipDecision, NewOrganisation, NewOwnOrganisation, ObjectRef,
    OrganisationDetails, SessionContext,
};

use super::{Client, link};
use crate::auth::limits::{self, exceeded};
use crate::auth::secrets::new_join_code;
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

impl From<Denial> for AppError {
    fn from(denial: Denial) -> Self {
        match denial {
            Denial::NotFound => Self::NotFound,
            Denial::Forbidden => Self::Forbidden,
        }
    }
}

/// What the form gives for a new organisation, already parsed.
#[derive(Debug)]
pub struct NewOrganisationForm {
    pub name: String,
    pub kind: c4h_domain::RequesterKind,
    pub country: c4h_domain::Country,
    pub website: Option<String>,
    pub registry_number: Option<String>,
    pub nis2_in_scope: bool,
}

/// Creates an organisation with the caller as its admin; it waits for a coordinator to verify it.
pub async fn create(
    state: &AppState,
    context: &SessionContext,
    form: NewOrganisationForm,
    client: &Client,
) -> Result<OrganisationId, AppError> {
    let grant = authorize(&context.principal, Action::CreateOrganisation, Resource::Accounts)?;
    let now = state.clock.now();
    let id = OrganisationId::new();
    let new = NewOwnOrganisation {
        organisation: NewOrganisation {
            id,
            name: form.name,
            kind: form.kind,
            country: form.country,
            languages: vec![context.user.preferred_language.clone()],
            website: form.website,
            registry_number: form.registry_number,
            nis2_in_scope: form.nis2_in_scope,
            verification: VerificationState::Unverified,
        },
        join_code: new_join_code(),
        creator_membership: MembershipId::new(),
        now,
    };
    let change = client.change(
        Some(context.user.id),
        "organisation.create",
        ObjectRef::new("organisation", id),
        now,
    );
    state.store.create_organisation(&grant, &new, &change).await?;
    Ok(id)
}

/// The organisation a join code names, for the confirmation page. Wrong codes count against a
/// limit, so codes cannot be guessed by trying.
pub async fn find_by_code(
    state: &AppState,
    context: &SessionContext,
    code: &str,
) -> Result<Option<(OrganisationId, String)>, AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::JOIN_PER_ACCOUNT, &context.user.id.to_string(), now)
        .await?
    {
        return Err(AppError::TooManyAttempts);
    }
    let normal = code.trim().to_ascii_uppercase();
    Ok(state.store.organisation_by_join_code(&normal).await?)
}

/// Asks to join; the organisation's admins are told by e-mail. `false` when already asked.
pub async fn request_to_join(
    state: &AppState,
    context: &SessionContext,
    code: &str,
    client: &Client,
) -> Result<bool, AppError> {
    let Some((organisation, _name)) = find_by_code(state, context, code).await? else {
        return Err(AppError::NotFound);
    };
    let grant =
        authorize(&context.principal, Action::RequestToJoin, Resource::Organisation(organisation))?;
    let now = state.clock.now();
    let membership = MembershipId::new();
    let mut change = client.change(
        Some(context.user.id),
        "membership.request",
        ObjectRef::new("membership", membership),
        now,
    );
    // Tell the admins, in their own languages; the requester's details, and the organisation's
    // name, stay on the page (a requester's name is never in an e-mail).
    for (address, language) in state.store.admins_to_notify(&grant).await? {
        let locale = Locale::from_tag(language.as_str()).unwrap_or(Locale::DEFAULT);
        let notice = Message::JoinRequested {
            link: link(state, &format!("/organisations/{organisation}"), &[]),
        };
        change = change.with_job(mail::job(&address, locale, notice, now));
    }
    match state.store.request_membership(&grant, membership, now, &change).await {
        Ok(()) => {
            state.jobs.wake();
            Ok(true)
        }
        Err(StoreError::Duplicate { .. }) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// An organisation as one of its members (or a coordinator) sees it.
#[derive(Debug)]
pub struct OrganisationPage {
    pub details: OrganisationDetails,
    pub members: Vec<MemberView>,
    /// For its admins only.
    pub join_code: Option<String>,
    pub is_admin: bool,
    /// A member (not an admin) of a verified organisation, who may vouch for newcomers.
    pub can_vouch: bool,
    /// Its requests for help, newest first, for its members (not for coordinators, who have
    /// the triage queue).
    pub requests: Vec<c4h_storage::model::RequestSummary>,
    /// Whether the reader may ask for help for it.
    pub may_ask: bool,
}

pub async fn view(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
) -> Result<OrganisationPage, AppError> {
    let grant = authorize(principal, Action::View, Resource::Organisation(id))?;
    let details = state.store.organisation(&grant).await?.ok_or(AppError::NotFound)?;
    let members = state.store.members(&grant).await?;
    let (join_code, is_admin) =
        match authorize(principal, Action::ManageMembers, Resource::Organisation(id)) {
            Ok(manage) => (state.store.join_code(&manage).await?, true),
            Err(_) => (None, false),
        };
    let can_vouch = !is_admin
        && details.verification == c4h_domain::VerificationState::Verified
        && authorize(principal, Action::Vouch, Resource::Organisation(id)).is_ok();
    let (requests, may_ask) =
        match authorize(principal, Action::RequestHelp, Resource::Organisation(id)) {
            Ok(help) => (state.store.organisation_requests(&help).await?, true),
            Err(_) => (Vec::new(), false),
        };
    Ok(OrganisationPage { details, members, join_code, is_admin, can_vouch, requests, may_ask })
}

/// An admin's decision about a membership. `false` when it does not apply (not this
/// organisation's, wrong state, or it would leave the organisation without an admin).
pub async fn decide(
    state: &AppState,
    context: &SessionContext,
    organisation: OrganisationId,
    membership: MembershipId,
    decision: MembershipDecision,
    client: &Client,
) -> Result<bool, AppError> {
    let grant =
        authorize(&context.principal, Action::ManageMembers, Resource::Organisation(organisation))?;
    decide_with(state, context, &grant, organisation, membership, decision, client).await
}

/// A member vouches for someone asking to join: approves the request, which any member of a
/// verified organisation may do. `false` when the organisation is not verified or the request is
/// not waiting.
pub async fn vouch(
    state: &AppState,
    context: &SessionContext,
    organisation: OrganisationId,
    membership: MembershipId,
    client: &Client,
) -> Result<bool, AppError> {
    let grant = authorize(&context.principal, Action::Vouch, Resource::Organisation(organisation))?;
    let approve = MembershipDecision::Approve;
    decide_with(state, context, &grant, organisation, membership, approve, client).await
}

async fn decide_with(
    state: &AppState,
    context: &SessionContext,
    grant: &c4h_domain::policy::Grant,
    organisation: OrganisationId,
    membership: MembershipId,
    decision: MembershipDecision,
    client: &Client,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let action = match decision {
        MembershipDecision::Approve if grant.action() == Action::Vouch => "membership.vouch",
        MembershipDecision::Approve => "membership.approve",
        MembershipDecision::Refuse => "membership.refuse",
        MembershipDecision::Remove => "membership.remove",
        MembershipDecision::SetRole(_) => "membership.role_change",
    };
    let mut change = client
        .change(Some(context.user.id), action, ObjectRef::new("membership", membership), now)
        .with_details(serde_json::json!({ "organisation": organisation.to_string() }));
    if decision == MembershipDecision::Approve {
        let members = state
            .store
            .members(&authorize(
                &context.principal,
                Action::View,
                Resource::Organisation(organisation),
            )?)
            .await?;
        if let Some(member) = members.iter().find(|m| m.membership_id == membership) {
            let language =
                state.store.user_by_id(member.user_id).await?.map(|user| user.preferred_language);
            let locale =
                language.and_then(|tag| Locale::from_tag(tag.as_str())).unwrap_or(Locale::DEFAULT);
            let notice = Message::MembershipApproved {
                link: link(state, &format!("/organisations/{organisation}"), &[]),
            };
            change = change.with_job(mail::job(&member.email, locale, notice, now));
        }
    }
    let done = state.store.decide_membership(grant, membership, decision, &change).await?;
    state.jobs.wake();
    Ok(done)
}
