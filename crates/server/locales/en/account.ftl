# Header and navigation for accounts
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-account = Your account
header-signed-in-as = Signed in as { $name }
back-to-account = Back to your account

# Fields
field-email = E-mail address
field-password = Password
field-current-password = Current password
field-new-password = New password
field-new-password-hint = At least 8 characters. A few words you will remember make a good password; avoid one you use elsewhere.
field-new-email = New e-mail address
field-display-name = Name
field-display-name-hint = Your name, or a role such as "IT desk". Other members of your organisation see it.
field-language = Language for pages and e-mail
field-code = Code
field-choose = Choose…
field-organisation-name = Name of the organisation
field-organisation-kind = Kind of organisation
field-country = Country
field-website = Website (optional)
field-website-hint = Helps the coordinators verify your organisation, e.g. https://clinic.example.org
field-registry-number = Registry number (optional)
field-registry-number-hint = The number under which your organisation is registered (company, charity or health-facility registry), so that a coordinator can check it.
field-nis2 = We are in scope of the NIS2 directive (essential or important entity in the EU)
field-join-code = Join code
field-join-code-hint = An administrator of your organisation finds it on the organisation's page, e.g. ABCDE-FGHIJ.
invalid-role = Choose a role from the list.
invalid-website = Enter an address that starts with https:// or http://, or leave it empty.

# Notices after an action
notice-password-reset = Your password was changed. Sign in with the new one.
notice-email-verified = Your e-mail address is confirmed. You can sign in.
notice-signed-out = You are signed out.
notice-profile-saved = Your profile was saved.
notice-password-changed = Your password was changed. Every other session was signed out.
notice-email-change-requested = We sent a link to the new address. The change happens when you open it.
notice-email-changed = Your e-mail address was changed.
notice-mfa-disabled = Two-step verification is off.
notice-invited = The invitation was sent.
notice-staff-changed = The account was changed.

# Signing in
login-title = Sign in
login-submit = Sign in
login-forgot = Forgot your password?
login-no-account = No account yet?
login-register = Create one
login-refused = The e-mail address or the password is wrong.
login-unverified = Please confirm your e-mail address first: we just sent you a new link.
mfa-login-title = Two-step verification
mfa-login-lead = Enter the six-digit code your authenticator app shows for this service.
mfa-login-submit = Continue
mfa-code-hint = Six digits from your app, or one of your recovery codes.
mfa-code-hint-no-recovery = Six digits from your authenticator app.
mfa-code-refused = This code is wrong, has expired or was already used. Wait for the next code and try again.
reauth-title = Confirm it is you
reauth-lead = This action is sensitive. Enter your password again to continue.
reauth-submit = Confirm
reauth-refused = The password or the code is wrong.

# Registering
register-title = Create an account
register-lead = Create an account to ask for help for your organisation and follow your request.
register-email-hint = Preferably your work address. If your e-mail may be compromised, use another address you control.
register-submit = Create my account
register-have-account = Already have an account?
register-done-title = Check your inbox
register-done = If this address can be used, we have sent a message to it. Open the link in it to confirm your address, then sign in.
register-done-spam = Nothing after a few minutes? Look in your spam folder, and check the address you typed.
verify-title = Confirm your e-mail address
verify-lead = Press the button to confirm that this address is yours.
verify-submit = Confirm my address
link-invalid-title = This link does not work any more
link-invalid = It has expired, was already used, or was copied incompletely. Ask for a new one.

# Forgotten password
forgot-title = Forgotten password
forgot-lead = Enter the address of your account. We will send you a link to choose a new password.
forgot-submit = Send the link
forgot-done-title = Check your inbox
forgot-done = If an account uses this address, we have sent a link to it. It works for one hour.
reset-title = Choose a new password
reset-lead = Every session of your account will be signed out.
reset-submit = Save the new password

# The account page
account-title = Your account
account-lead = Signed in as { $email }.
account-staff-coordinator = You are a coordinator.
account-staff-admin = You are an administrator.
account-memberships = Your organisations
account-no-memberships = You do not belong to an organisation yet.
account-create-organisation = Register my organisation
account-join-organisation = Join my organisation
account-manage-staff = Manage staff
account-security = Security
account-mfa = Two-step verification
account-mfa-on = on
account-mfa-off = off
account-change-password = Change your password
account-change-email = Change your e-mail address
account-sessions = Where you are signed in
account-profile = Profile
account-save = Save
password-title = Change your password
password-lead = Every other session will be signed out.
password-submit = Change the password
password-wrong-current = The current password is wrong.
email-title = Change your e-mail address
email-lead = We will send a link to the new address; the change happens when you open it.
email-submit = Send the link
email-taken = Another account uses this address.
email-confirm-title = Confirm your new address
email-confirm-lead = Press the button to move your account to this address.
email-confirm-submit = Use this address
sessions-title = Where you are signed in
sessions-lead = Sign out a session you do not recognise, then change your password.
sessions-started = Signed in
sessions-last-seen = Last active
sessions-from = From
sessions-browser = Browser
sessions-actions = Actions
sessions-this-one = This session
sessions-revoke = Sign out

# Two-step verification
mfa-title = Two-step verification
mfa-lead = Signing in asks for a code from an app on your phone as well as your password, so a stolen password is not enough.
mfa-is-on = Two-step verification is on.
mfa-is-off = Two-step verification is off.
mfa-codes-left = { $count ->
    [0] You have no recovery codes left; make new ones.
    [one] One recovery code is left.
   *[other] { $count } recovery codes are left.
}
mfa-new-codes = Make new recovery codes
mfa-disable = Turn off two-step verification
mfa-required = Your role requires two-step verification; it cannot be turned off.
mfa-set-up = Set up two-step verification
mfa-setup-title = Set up two-step verification
mfa-setup-required = Your role requires two-step verification. Set it up to continue.
mfa-setup-step-app = Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).
mfa-setup-step-scan = Scan this code with the app.
mfa-setup-or-type = Or type this key into the app:
mfa-setup-step-code = Enter the six-digit code the app shows.
mfa-setup-submit = Turn on
mfa-qr-label = QR code to scan with your authenticator app
codes-title = Your recovery codes
codes-lead = Each code signs you in once if you lose your phone. Keep them somewhere safe, away from your phone.
codes-once = This is the only time they are shown.
codes-continue = I have kept them

# Organisations
organisation-new-title = Register your organisation
organisation-new-lead = A coordinator verifies every organisation before its requests are shared with a provider. You become its administrator.
organisation-new-submit = Register the organisation
organisation-join-title = Join your organisation
organisation-join-lead = Ask an administrator of your organisation for its join code. They approve your request.
organisation-join-submit = Continue
organisation-join-unknown = No organisation has this code. Check it with the person who gave it to you.
organisation-join-confirm = Ask to join { $organisation }?
organisation-join-confirm-submit = Ask to join
organisation-join-sent = Your request was sent to the organisation's administrators. You will get an e-mail when they approve it.
organisation-join-already = You already asked to join this organisation, or you already belong to it.
organisation-join-code = Join code
organisation-join-code-lead = Give this code to colleagues who should join; you approve each of them.
organisation-members = Members
organisation-role = Role
organisation-actions = Actions
member-approve = Approve
member-refuse = Refuse
member-remove = Remove
member-make-admin = Make administrator
member-make-member = Make member
membership-role-member = Member
membership-role-admin = Administrator
membership-state-pending = waiting for approval
membership-state-active = active
membership-state-removed = removed
verification-unverified = Not verified yet: a coordinator will check it.
verification-verified = Verified by the coordinators.
verification-rejected = Not accepted by the coordinators.

# Providers' teams
team-members = Team
team-invite = Invite someone to the team
team-invite-submit = Send the invitation
provider-role-member = Engineer
provider-role-admin = Team administrator
vetting-applied = Application under review
vetting-vetted = Vetted provider
vetting-rejected = Application not accepted
vetting-suspended = Suspended
vetting-retired = Retired
invitations-pending = Invitations not yet accepted

# Staff
staff-title = Staff
staff-state = State
staff-active = active
staff-disabled = disabled
staff-no-mfa = two-step verification not set up
staff-enable = Re-enable
staff-disable = Disable
staff-make-admin = Make administrator
staff-make-coordinator = Make coordinator
staff-reset-mfa = Reset two-step verification
staff-invite = Invite a member of staff
staff-invite-submit = Send the invitation
staff-role-coordinator = coordinator
staff-role-admin = administrator

# Invitations
invitation-title = Your invitation
invitation-lead-staff = You are invited to join the service as { $role }.
invitation-lead-provider = You are invited to join { $provider } as { $role }.
invitation-accept = Accept the invitation
invitation-sign-in-first = An account already uses this address. Sign in to it, then open the link again.
invitation-address = Your account will use the address { $email }.
invitation-create = Create my account

# Errors of accounts
error-unauthenticated-title = Please sign in
error-unauthenticated = You need to be signed in to see this page, or your session has ended.
error-not-allowed-title = Not allowed
error-not-allowed = Your role does not allow this.
error-too-many-title = Too many attempts
error-too-many = Too many attempts were made. Wait fifteen minutes and try again, or use the forgotten-password link.
error-busy-title = Busy
error-busy = The service is handling many sign-ins right now. Please try again in a few seconds.
