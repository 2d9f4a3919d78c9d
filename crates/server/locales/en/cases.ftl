# A case's files
case-file-title = Add a file
case-file = File
case-file-hint = Logs, screenshots, a ransom note, a suspicious attachment: up to { $megabytes } MB. Files are kept encrypted and never opened by the service; others download them as they are.
case-file-submit = Add the file
case-file-added = Added a file:
case-file-missing = Choose a file to add.
case-file-empty = This file is empty. Choose the file again; if it still fails, send its contents as a message.
case-file-too-large = This file is larger than { $megabytes } MB, the most one file may be. Nothing was kept. Compress it, or split it into parts.
case-file-too-many = This case has { $count } files, the most it may hold. Ask a coordinator to make room, or put several files in one archive.
case-file-tlp = Choose a TLP marking from the list.
case-file-malformed = The file's name or the form could not be read as sent. Rename the file with ordinary letters and digits and try again; if it keeps failing, try another browser.
case-done-file = The file is added. Its SHA-256 is shown beside it, to compare with your copy.
request-history-request-file = File added
audit-request-file = File added
size-bytes = { $amount } bytes
size-kb = { $amount } KB
size-mb = { $amount } MB

# Seeing a case through
case-next-steps-title = Next steps
case-next-steps = What happens next on this case
case-next-steps-hint = Everyone on the case reads this, the requester too. Up to 5,000 characters.
case-next-steps-submit = Save the next steps
case-done-next-steps = The next steps are saved.
case-resolution-title = How it was resolved
case-feedback-title = Feedback
case-feedback-lead = How did it go? A rating, a comment, or both. Only the coordinators read it.
case-feedback-rating = Rating
case-feedback-stars = { $stars } of 5
case-feedback-comment = Comment (optional)
case-feedback-comment-hint = What went well, what could be better. Up to 5,000 characters.
case-feedback-submit = Send the feedback
case-feedback-rating-invalid = Choose a rating from 1 to 5, or none.
case-feedback-empty = Give a rating, a comment, or both.
case-feedback-given = Your side has already given its feedback on this case. Thank you.
case-feedback-not-yet = Feedback is given once the case is resolved.
case-feedback-from-requester = From the requester
case-feedback-from-provider = From the provider
case-done-feedback = Thank you for your feedback.
request-history-request-next_steps = Next steps recorded
request-history-request-feedback = Feedback given
audit-request-next_steps = Next steps recorded
audit-request-feedback = Feedback given

# Notifications
nav-notifications = Notifications
nav-notifications-unread = Notifications ({ $count } unread)
notifications-title = Notifications
notifications-none = Nothing new yet. When something happens on one of your cases, it appears here.
notifications-unread = unread
notifications-read-all = Mark all as read
notifications-done-read = Every notification is marked read.
notifications-email-title = E-mail
notifications-email-legend = Tell me of new activity by e-mail
notifications-email-immediately = At once, one e-mail each time
notifications-email-daily = Once a day, in a summary
notifications-email-off = Not by e-mail: I look here
notifications-email-always = Offers for your team and critical requests waiting always go by e-mail. E-mails never contain a case's details: only its reference and a link.
notifications-email-submit = Save
notifications-preference-invalid = Choose one of the three.
notifications-done-preference = Saved.
notification-case_message = a new message
notification-case_file = a new file
notification-case_resolved = the provider marked it resolved
notification-case_reopened = the requester reopened it
notification-case_closed = it is closed
audit-user-notification_preference = E-mail preference changed
audit-notification-digest = Daily digest sent

# A beneficiary's hour budget
case-budget = Hours of free help for this organisation
case-budget-hint = Over all its cases. Raise it to let the help go on once the hours are used up.
case-budget-submit = Save the budget
case-budget-invalid = Write the hours as a whole number from 1 to 100000.
case-done-budget = The organisation's budget is saved.
request-history-request-budget = Hour budget changed
audit-request-budget = Hour budget changed

# Follow-ups after a case closed
follow-up-title = Did the problem come back?
follow-up-lead = This case was closed a while ago. If the problem is back, one click puts a new request, with what you told us then, in front of the coordinators.
follow-up-yes = Yes, it came back
follow-up-no = No, all is well
follow-up-choose = Choose yes or no.
follow-up-none = There is no question waiting on this case now.
follow-up-done-no = Thank you: glad it holds.
follow-up-came-back = The problem came back after case { $reference } was closed.
notification-case_follow_up = did the problem come back?
email-activity-case_follow_up = did the problem come back?
request-history-request-follow_up = Asked whether the problem came back
request-history-request-follow_up_answer = Answered the follow-up
audit-request-follow_up = Asked whether the problem came back
audit-request-follow_up_answer = Follow-up answered
