# The coordinators' pages: vetting, verification and the directory.

coordination-nav = Coordination
coordination-providers = Providers
coordination-organisations = Organisations
coordination-offerings = Services

# Directory lists
directory-search-name = Name contains
directory-any = Any
directory-filter-vetting = Vetting
directory-filter-country = Country
directory-filter-verification = Verification
directory-filter-offering-state = State
directory-count = { $count ->
    [0] Nothing matches.
    [one] One match.
   *[other] { $count } matches.
}
directory-name = Name
directory-vetting = Vetting
directory-applied = Applied
directory-applied-on = applied on { $when }
directory-awaiting-confirmation = awaiting a second coordinator
directory-organisations-lead = Organisations not yet verified come first. Check what each declared before verifying it.
directory-verification = Verification
directory-declared = Declared
directory-registered = Registered
directory-provider = Provider
directory-state = State
directory-in-catalogue = See it in the public catalogue
verification-state-unverified = Not verified
verification-state-verified = Verified
verification-state-rejected = Rejected

# A provider's file
vetting-declared = What the applicant declared
vetting-pledges-taken = All four pledges taken
vetting-pledges-missing = Pledges missing
vetting-decisions = Decisions
vetting-no-decision = No decision yet.
vetting-proposed-by = by { $name }, { $when }
vetting-confirmed-by = Confirmed by { $name }, { $when }.
vetting-withdrawn = Withdrawn { $when }, overtaken by another decision.
vetting-waiting = Waiting for a second coordinator to confirm.
vetting-confirm = Confirm this vetting
vetting-decide = Take a decision
vetting-decision = Decision
vetting-decision-vet = Vet (a second coordinator confirms)
vetting-decision-reject = Reject the application
vetting-decision-suspend = Suspend (withdraws every service at once)
vetting-decision-retire = Retire (for good)
vetting-reason = Reason
vetting-reason-hint = Say what you checked or why. A rejection, suspension or retirement is sent to the provider's contact with this reason.
vetting-record = Record the decision
vetting-notes = Notes and evidence
vetting-note = Note
vetting-evidence = Evidence (optional)
vetting-evidence-hint = Where the evidence is: a registry entry, a reference called, a document number.
vetting-evidence-is = Evidence: { $evidence }
vetting-add-note = Add the note
vetting-done-proposed = Recorded. Another coordinator must confirm it before it takes effect.
vetting-done-applied = The decision took effect.
vetting-done-note = Note added.
vetting-not-applicable = This decision does not apply to the provider as it is now (or a vetting already waits for confirmation: confirm it instead).
vetting-same-coordinator = You proposed this vetting; another coordinator must confirm it.

# An organisation's file
verification-declared = What the organisation declared
verification-registrant-domain = E-mail domain of the person who registered it
verification-last-note = Last note to the organisation: { $note }
verification-decide = Verify or reject
verification-outcome = Outcome
verification-verify = Verify: it is the healthcare organisation it says it is
verification-reject = Reject
verification-reason = Reason, which the organisation's members read
verification-reason-hint = Required for a rejection. Say what is missing and what they can do.
verification-submit = Record
verification-done = Recorded. The organisation's admins were told by e-mail.
verification-choose = Choose whether to verify or reject.
organisation-rejection-reason = What the coordinators said:
organisation-rejection-next = Once you have what is missing, write to { $email }: a coordinator will look again.
member-vouch = Vouch for them

# Histories
history-title = History
history-empty = Nothing recorded yet.
history-when = When
history-who = Who
history-what = What
audit-actor-cli = the command line
audit-actor-system = the service
audit-actor-anonymous = someone not signed in
audit-actor-user = a user
audit-provider-apply = Applied
audit-provider-vet_proposed = Vetting proposed
audit-provider-vet = Vetting confirmed
audit-provider-reject = Application rejected
audit-provider-suspend = Suspended
audit-provider-retire = Retired
audit-provider-note = Note added
audit-provider-pause = Paused taking new cases
audit-provider-resume = Takes new cases again
audit-offering-create = Service created
audit-offering-update = Service edited
audit-offering-pause = Service paused
audit-offering-resume = Service resumed
audit-organisation-create = Organisation registered
audit-organisation-verify = Verified
audit-organisation-reject = Rejected

# Pages of lists
pager-label = Pages
pager-previous = Previous page
pager-next = Next page
pager-position = Page { $page } of { $pages }

# The JSON API
api-malformed-title = The request body is not the JSON this endpoint takes.
api-invalid-title = Some fields are not valid.

# Matching on a request's file
proposal-title = Matching
proposal-auto-on = Auto-offer is on for this urgency: the engine sends the best offer itself; you may also send one below.
proposal-auto-off = Auto-offer is off for this urgency: send the proposed offer when you are ready.
proposal-none = No offering can take this request now. It waits on the waiting list and is offered as soon as capacity appears.
proposal-optimal = the engine's choice
proposal-cost = { $points } points
proposal-choose = Choose one of the proposed offerings.
proposal-send = Send the offer
proposal-summary = Text for providers
proposal-summary-hint = What providers read in the offer before they accept, besides category, urgency, kind, country and languages. Never the organisation's name or contacts. Up to 1,000 characters.
proposal-summary-save = Save the text
proposal-offers = Offers so far
proposal-provider = Provider
proposal-by-engine = by the engine
proposal-refused-unavailable = That offering cannot take offers now (paused, or its provider is). Choose another.
proposal-refused-not-waiting = The request is no longer waiting for an offer (another offer got there first).
proposal-done-sent = The offer is sent; the provider has until its deadline to answer.
proposal-done-summary = The text for providers is saved.
match-reason-speaks_language = speaks { $value }
match-reason-no_common_language = no language in common
match-reason-serves_country = serves { $value }
match-reason-serves_region = serves { $value }
match-reason-serves_world = serves the whole world
match-reason-answers_within_hours = answers within { $value } h
match-reason-slower_than_wanted_hours = answers within { $hours } h where { $wanted } h are wanted
match-reason-engagements_in_progress = { $value } cases in progress
match-reason-no_engagements = no case in progress
match-reason-feedback_average_tenths = rated { $value }
match-reason-no_feedback_yet = no feedback yet
audit-offer-send = Offer sent
audit-offer-accept = Offer accepted
audit-offer-decline = Offer declined
audit-offer-expire = Offer expired
audit-request-escalate = Escalated to every coordinator
audit-request-offer_summary = Text for providers changed
