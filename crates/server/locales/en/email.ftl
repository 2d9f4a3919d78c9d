# E-mail. Never put case details, organisation names of requesters in trouble or anything marked
# TLP:RED in a message: links and reference numbers only.
email-signature = { $operator } — free cybersecurity help for healthcare. This message was sent automatically; replies are not read.

email-verify-email-subject = Confirm your e-mail address
email-verify-email-body =
    Hello,

    An account was created on { $operator } with this address. To confirm that it is yours, open this link within 24 hours:

    { $link }

    If you did not create it, ignore this message: the account cannot be used without this confirmation.

email-already-registered-subject = You already have an account
email-already-registered-body =
    Hello,

    Someone tried to create an account on { $operator } with this address, which already has one. If it was you, sign in:

    { $sign_in }

    If you forgot your password, choose a new one here:

    { $reset }

    If it was not you, you can ignore this message.

email-reset-password-subject = Choose a new password
email-reset-password-body =
    Hello,

    Someone asked to reset the password of your account on { $operator }. To choose a new one, open this link within one hour:

    { $link }

    If it was not you, ignore this message: your password stays as it is.

email-no-account-subject = Password reset requested
email-no-account-body =
    Hello,

    Someone asked to reset the password of an account on { $operator } with this address, but no account uses it. If you meant to ask for help, you can create an account here:

    { $register }

    If it was not you, you can ignore this message.

email-password-changed-subject = Your password was changed
email-password-changed-body =
    Hello,

    The password of your account on { $operator } was just changed, and every other session was signed out.

    If you did not do this, choose a new password at once and tell the coordinators:

    { $reset }

email-confirm-new-email-subject = Confirm your new e-mail address
email-confirm-new-email-body =
    Hello,

    You asked to use this address for your account on { $operator }. To confirm, open this link within 24 hours:

    { $link }

    If you did not ask for this, ignore this message.

email-email-change-requested-subject = A new e-mail address was requested for your account
email-email-change-requested-body =
    Hello,

    Someone signed in to your account on { $operator } asked to move it to the address { $new_address }. The change happens only when that address confirms it.

    If you did not ask for this, change your password and tell the coordinators.

email-email-changed-subject = Your account's e-mail address was changed
email-email-changed-body =
    Hello,

    Your account on { $operator } now uses the address { $new_address }. This address will not receive messages about it any more.

    If you did not do this, tell the coordinators at once.

email-new-sign-in-subject = New sign-in to your account
email-new-sign-in-body =
    Hello,

    Your account on { $operator } was signed in to from a browser it had not seen before, on { $when } (network address { $from }).

    If it was you, there is nothing to do. If not, change your password at once and tell the coordinators.

email-mfa-enabled-subject = Two-step verification is on
email-mfa-enabled-body =
    Hello,

    Two-step verification was turned on for your account on { $operator }. Signing in now needs a code from your authenticator app, or one of your recovery codes.

    If you did not do this, tell the coordinators at once.

email-mfa-disabled-subject = Two-step verification is off
email-mfa-disabled-body =
    Hello,

    Two-step verification was turned off for your account on { $operator }.

    If you did not do this, change your password and tell the coordinators at once.

email-invitation-subject = You are invited to join { $operator }
email-invitation-body =
    Hello,

    You are invited to join { $operator } as { $role }. To accept, open this link within seven days and choose a password:

    { $link }

    If you were not expecting this, ignore this message.

email-join-requested-subject = Someone asks to join your organisation
email-join-requested-body =
    Hello,

    Someone asks to join your organisation on { $operator }. As one of its administrators you can approve or refuse the request here:

    { $link }

email-membership-approved-subject = Your request to join was approved
email-membership-approved-body =
    Hello,

    You are now a member of the organisation you asked to join on { $operator }:

    { $link }

email-provider-applied-subject = We received your application
email-provider-applied-body =
    Hello,

    Thank you for offering free help to healthcare organisations. We received the application of { $provider } to { $operator }.

    Two coordinators review every application: they may contact you to check what you declared. When the application is accepted, you will receive a link to set up your team's accounts and publish your services.

email-provider-decision-subject = A decision about { $provider }
email-provider-decision-body =
    Hello,

    A coordinator of { $operator } took this decision about { $provider }: { $decision }.

    The reason given:

    { $reason }

    If you have questions, answer through the contact address on our website.

email-provider-vetted-subject = { $provider } is accepted as a provider
email-provider-vetted-body =
    Hello,

    Two coordinators of { $operator } have vetted { $provider }. You are invited to become the administrator of its team: open this link within 7 days to create your account, then invite your colleagues and publish your services.

    { $link }

email-organisation-reviewed-subject = The verification of your organisation
email-organisation-reviewed-body =
    Hello,

    A coordinator of { $operator } reviewed your organisation. Sign in to read the result and, if anything is missing, what to do:

    { $link }

email-emergency-confirm-subject = Confirm your address to send your request for help
email-emergency-confirm-body =
    Hello,

    Someone asked { $operator } for help with this address. To send the request to the coordinators, open this link and press the button (the link works for 24 hours):

    { $link }

    The request is read as soon as it is sent, the most urgent first. If you did not ask for help, ignore this message: nothing is sent without this confirmation.

email-emergency-has-account-subject = Ask for help from your account
email-emergency-has-account-body =
    Hello,

    Someone used the emergency form of { $operator } with this address, which already has an account. For your request to reach the coordinators with your organisation's details, sign in and ask from here:

    { $sign_in }

    If you cannot sign in right now, write to the operator's contact address on the website.

email-offer-received-subject = A request for help is waiting for your answer
email-offer-received-body =
    Hello,

    { $operator } offers your team a request for help from a healthcare organisation. Please accept or decline it before { $deadline }; after that it goes to another provider.

    Read its summary and answer here (you will be asked to sign in):
    { $link }

email-request-waitlisted-subject = Request { $reference } is waitlisted: no provider can take it now
email-request-waitlisted-body =
    Hello,

    No offering can take request { $reference } now, so it is on the waiting list. It will be offered as soon as capacity appears; you may also recruit a provider or change the request.

    { $link }

email-critical-waiting-subject = Critical request { $reference } has waited { $waited } without a provider
email-critical-waiting-body =
    Hello,

    The critical request { $reference } entered matching { $waited } ago and no provider has accepted it yet. Please look at it now.

    { $link }

email-hour-budget-spent-subject = Request { $reference }: the beneficiary's { $hours } hours are used
email-hour-budget-spent-body =
    Hello,

    The provider working on request { $reference } has logged all { $hours } hours of free help this organisation receives. Please decide with the provider whether the help goes on.

    { $link }

email-case-activity-subject = Case { $reference }: { $activity }
email-case-activity-body =
    Hello,

    There is something new on case { $reference }: { $activity }. Sign in to read it:

    { $link }

    You choose how { $operator } tells you of new activity on your notifications page.
email-activity-case_message = a new message
email-activity-case_file = a new file
email-activity-case_resolved = the provider marked it resolved
email-activity-case_reopened = the requester reopened it
email-activity-case_closed = it is closed
email-notification-digest-subject = Your activity on cases today
email-notification-digest-body =
    Hello,

    { $count } things happened on your cases since the last summary. Sign in to read them:

    { $link }

    You choose how { $operator } tells you of new activity on your notifications page.
