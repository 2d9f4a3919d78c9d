# Providers: applying, their offerings and pauses.

# The application form
apply-title = Offer free help as a security provider
apply-lead = Security companies and teams offer their services free of charge to healthcare organisations that need help. Tell us who you are; two coordinators check every application before your services are listed.
apply-company = Your company
apply-name = Company name
apply-home-country = Country where the company is based
apply-website = Website (optional)
apply-description = What you do, and the help you would give
apply-description-hint = A few sentences: your team, your experience with healthcare, what you can do remotely or on site.
apply-services = The kinds of help you would offer
apply-contact = Who we talk to
apply-contact-email = Contact e-mail address
apply-contact-email-hint = When the application is accepted, this address is invited to manage your team.
apply-contact-phone = Contact phone (optional)
apply-pledges = Your pledges
apply-pledges-lead = Every provider takes these four pledges. They are what healthcare organisations rely on.
apply-pledge-required = Every provider takes this pledge; tick it to apply.
apply-submit = Send the application
apply-received-title = Application received
apply-received = Thank you. We sent a confirmation to the contact address.
apply-next = Two coordinators will review the application and may contact you. When it is accepted, the contact receives a link to set up your team and publish your services.
apply-name-taken = A provider of this name has already applied or is listed. If it is yours, write to the contact address below.
form-has-errors = Some answers need your attention; each is explained next to its field.
footer-offer-help = Security company? Offer free help

# The pledges
pledge-free = We help free of charge, with no hidden costs and no paid follow-up as a condition.
pledge-no-upselling = We do not use a case to sell products or services.
pledge-confidentiality = We keep everything we learn about the organisation and its incident confidential.
pledge-code-of-conduct = We follow the code of conduct of this service.

# A provider's desk
offerings-title = Services of { $provider }
offerings-team-link = Team
team-offerings-link = Services and availability
offerings-not-listed-until-vetted = Your services appear in the catalogue once two coordinators have vetted your company.
offerings-list = Your services
offerings-none = No service yet.
offerings-new = Add a service
offerings-saved = Saved.
offering-title = Title
offering-capacity-in-use = Cases in progress
offering-in-use = { $used } of { $capacity } in use
offering-state-active = Active
offering-state-paused = Paused
offering-edit = Edit
offering-pause = Pause
offering-resume = Resume
provider-paused-until = Not taking new cases until { $when }.

# The pause of the whole provider
pause-title = Not taking new cases for a while
pause-lead = While paused, none of your services appears in the catalogue or is proposed for new cases. Cases in progress go on.
pause-until = Not taking new cases until
pause-until-invalid = Choose a day after today and within a year.
pause-message = Message for the coordinators (optional)
pause-message-hint = For example: the team is at full capacity until then.
pause-submit = Pause
pause-lift = Take new cases again now

# The offering form
offering-new-title = Add a service
offering-edit-title = Edit a service
offering-text-first = Title and description
offering-text-other = The same in another language (optional)
offering-text-language = Language of this text
offering-description = Description
offering-delivery = How the help is given
offering-capacity = Cases you can take at the same time
offering-capacity-hint = From 0 to 10,000. With 0 the service stays listed but is not proposed for new cases.
offering-response-time = First answer within (hours)
offering-response-time-hint = How soon after a case is proposed you commit to answer, from 1 to 720 hours.
offering-languages = Languages your engineers work in
offering-regions = Where you give this help
offering-countries = Countries
offering-countries-hint = Country codes (ISO 3166-1, such as FR CH BE), separated by spaces or commas, in addition to or instead of the regions above.
offering-kinds = Who may receive this help
offering-active = Active: listed in the catalogue and proposed for new cases
offering-save = Save
offering-publish = Publish

# A provider's offers
offerings-offers-link = Offers waiting for an answer
inbox-title = Offers
inbox-lead = Requests for help the service offers your team. Each waits for an answer until its deadline; then it goes to another provider.
inbox-offerings-link = Your services
inbox-waiting = Waiting for your answer
inbox-none-waiting = No offer is waiting for an answer.
inbox-answered = Answered and past offers
inbox-none-answered = None yet.
offer-title = An offer of a request for help
offer-back-to-inbox = All offers
offer-left = { $hours } h { $minutes } min left
offer-answer-by = answer by { $when }
offer-sent = Sent
offer-deadline = Deadline
offer-summary = What we can tell you before you accept
offer-requester-kind = Who asks
offer-country = Country
offer-languages = Languages
offer-confidential = The organisation's name, its contacts and the details of the case are shown only to the provider that accepts.
offer-answer = Your answer
offer-accept = Accept: we take this case
offer-decline-reason = Why you decline (coordinators read it, the requester does not)
offer-decline-choose = Choose a reason
offer-decline = Decline
offer-open-case = Open the case
offer-done-accepted = You accepted the offer. The case is yours: here it is.
offer-done-declined = You declined the offer. It went to the next provider; thank you for answering quickly.
offer-refused-late = The time to answer this offer has passed: it went to another provider.
offer-refused-ended = This offer was already answered or withdrawn; nothing changed.
offer-state-pending = Waiting for an answer
offer-state-accepted = Accepted
offer-state-declined = Declined
offer-state-expired = Expired
offer-state-withdrawn = Withdrawn
decline-reason-no_capacity_now = No capacity now
decline-reason-outside_expertise = Outside our expertise
decline-reason-conflict_of_interest = Conflict of interest
decline-reason-language_or_place = Language or place we cannot serve
decline-reason-other = Another reason
case-title = Case { $reference }
case-email-compromised = This organisation's e-mail may be in the attackers' hands: do not write to its e-mail addresses; use the contact given below.
