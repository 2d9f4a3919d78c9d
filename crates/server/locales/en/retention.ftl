# Retention, legal holds and a person's own data.

hold-title = Legal hold
hold-explain = A case on legal hold is never purged, whatever the retention period, until a coordinator lifts the hold.
hold-purge-after = Under the retention policy, this case is purged after { $date }.
hold-placed = On legal hold since { $date }, placed by { $name }. It is not purged while the hold lasts.
hold-reason = Why the case must be kept
hold-reason-hint = For example the authority or proceedings that require it. Whoever lifts the hold reads this.
hold-place = Place a legal hold
hold-lift = Lift the legal hold
hold-done-placed = The case is on legal hold.
hold-done-lifted = The legal hold is lifted; the retention period applies again.

account-data = Your data: download it, or delete your account
data-title = Your data
data-download-title = Download your data
data-download-explain = One file (JSON) with everything the service holds about you: your account, memberships, where you signed in, the requests you filed, the messages, files, hours and feedback you wrote, your notifications, and what the audit trail records you did.
data-download = Download my data
data-erase-title = Delete your account
data-erase-explain = Your name and e-mail address are replaced by a pseudonym, your password, second factor and sessions are removed, and your drafts are deleted. You cannot sign in afterwards; you can register again with the same address.
data-erase-kept = Cases you took part in belong to the organisations helped and stay, with your messages shown under the pseudonym, until their retention period ends. The audit trail keeps its events under the pseudonym.
data-erase-confirm = I understand that this cannot be undone.
data-erase-confirm-missing = Tick the box to confirm that you want your account deleted.
data-erase-submit = Delete my account
data-erase-open-cases = Your account cannot be deleted while cases you filed are open: { $cases }. Withdraw them, or wait until they are closed.
data-erase-last-admin = You are the only administrator. Make someone else an administrator first, so that the service can still be run.
notice-account-erased = Your account is deleted.

# Actions (audit-<action with dots as dashes>)
audit-request-purge = Case purged (retention)
audit-request-hold = Legal hold placed
audit-request-release = Legal hold lifted
audit-user-erase = Account erased
audit-user-export = Own data downloaded
audit-audit-purge = Oldest audit events purged (retention)
audit-retention-run = Retention purge ran
