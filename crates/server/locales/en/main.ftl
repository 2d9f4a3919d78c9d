# Layout
skip-link = Skip to main content
site-tagline = Free cybersecurity help for healthcare
nav-label = Main
nav-home = Home
nav-ask = Ask for help
nav-eligibility = Who can ask
nav-how = How it works
nav-catalogue = Services
language-switcher-label = Language
footer-operated-by = Run by { $operator }.
footer-contact = Write to the coordinators: { $email }
footer-free = Every service here is free of charge, with no strings attached.

# Home
home-title = Free cybersecurity help for healthcare organisations
home-lead = Hospitals, clinics, laboratories, care homes and other healthcare organisations can ask for free help from vetted security companies. Coordinators check every request, find the right helper and stay with you until the problem is solved.
home-ask = Ask for help
home-check-eligibility = Check who can ask
home-under-attack-title = Under attack right now?
home-under-attack-1 = Disconnect affected computers from the network, but do not switch them off: what is in memory can help the investigation.
home-under-attack-2 = Do not pay a ransom and do not contact the attackers before you have talked to someone.
home-under-attack-3 = Write down what you see and when: messages on screen, file names, times.
home-under-attack-4 = If your e-mail may be compromised, reach us from another account or by phone.
home-steps-title = How we help
home-step-ask-title = You ask
home-step-ask = Tell us in your own words what is happening. It takes a few minutes.
home-step-triage-title = We triage
home-step-triage = Coordinators check your request and rank it by urgency: harm to patient care comes first.
home-step-match-title = We match
home-step-match = We offer your case to a vetted provider that speaks your language and has time for it.
home-step-help-title = They help
home-step-help = The provider works with you, free of charge, until the problem is solved.
home-catalogue-title = Services on offer
home-catalogue-lead = { $count ->
    [0] No service is listed yet; coordinators still find help for every request.
    [one] One free service from a vetted provider.
   *[other] { $count } free services from vetted providers.
}
home-catalogue-link = See all services

# Ask for help
ask-title = Ask for help
ask-lead = Tell the coordinators what is happening. You do not need to know what kind of help you need.
ask-prepare-title = What to tell us
ask-prepare-org = Your organisation: its name, what kind of organisation it is, and its country.
ask-prepare-what = What is happening, in your own words, and since when.
ask-prepare-impact = Whether patient care is affected: records, imaging, laboratory, pharmacy, medical devices or emergency intake.
ask-prepare-contact = How to reach you, and which languages you speak.
ask-how-title = How to reach the coordinators
ask-how-email = Write to { $email }.
ask-how-no-files = Do not attach malware samples or patient data: the coordinator will tell you how to share files safely.
ask-compromised = If your e-mail may be compromised, write from another account and give a phone number.
ask-next-title = What happens next
ask-next-1 = A coordinator reads your request and answers, critical incidents first.
ask-next-2 = Once your organisation is verified, your case is offered to a provider that can help.
ask-next-3 = The provider sees only a summary until it accepts; your organisation's name is shared only then.
ask-eligibility-link = Check whether your organisation can ask

# Eligibility
eligibility-title = Who can ask for help
eligibility-lead = The service is for organisations that care for patients or support healthcare, and for the people who work in them.
eligibility-kinds-title = Organisations that can ask
eligibility-conditions-title = Conditions
eligibility-condition-verify = We verify every organisation before its case is shared with a provider.
eligibility-condition-free = The help is free of charge. Providers pledge not to sell you anything as a result.
eligibility-condition-consent = Nothing about your case is shared with a provider without your consent.
eligibility-condition-scope = We help with cybersecurity: incidents, protection, training and advice. We do not replace your IT supplier and do not give legal advice.
eligibility-not-sure = Not sure? Ask anyway: a coordinator will tell you.

# How it works
how-title = How it works
how-lead = Three parties work together: your organisation, the coordinators who run this service, and vetted providers who give their time for free.
how-steps-title = From request to solution
how-step-1 = You describe what is happening, in your own words and language.
how-step-2 = A coordinator verifies your organisation and ranks the request by urgency.
how-step-3 = The request is offered to the best-suited provider with free capacity. If it cannot answer in time, the next one gets it at once.
how-step-4 = The provider accepts and works with you; the coordinators stay in the conversation.
how-step-5 = When the problem is solved you confirm it, and both sides say how it went.
how-urgency-title = Most urgent first
how-urgency-lead = Coordinators rank requests by urgency:
urgency-critical = Critical
urgency-critical-help = an active incident that affects patient care, or ransomware spreading now.
urgency-high = High
urgency-high-help = an active incident without patient-care impact, or a data breach in progress.
urgency-medium = Medium
urgency-medium-help = a suspected compromise, or an urgent hardening need.
urgency-low = Low
urgency-low-help = preventive help: training, assessment, advice.
how-confidentiality-title = Your information stays confidential
how-confidentiality-1 = A provider first sees only a summary: the kind of help, the urgency, the kind of organisation, the country and the languages.
how-confidentiality-2 = Your organisation's name and your contact details are shared only with the provider that accepts your case.
how-confidentiality-3 = No other provider ever learns that your case exists.
how-confidentiality-4 = Every message and file carries a Traffic Light Protocol (TLP) marking that says who may see it.
how-providers-title = For security companies
how-providers = Providers are vetted by the coordinators and pledge to help free of charge, without upselling, confidentially and under a code of conduct.

# Requester kinds
kind-hospital = Hospital
kind-care_facility = Care facility (nursing home, long-term care)
kind-clinic = Clinic or medical practice
kind-laboratory = Laboratory
kind-clinician = Individual clinician
kind-pharmaceutical_company = Pharmaceutical company
kind-life_sciences_company = Life-sciences company
kind-medical_device_company = Medical-device company
kind-ngo = Healthcare NGO
kind-international_ngo = International NGO

# Errors
error-not-found-title = Page not found
error-not-found = There is no page at this address. It may have moved, or the link may be incomplete.
error-method-title = Not allowed here
error-method = This address does not accept that kind of request.
error-bad-request-title = Request not understood
error-bad-request = What was sent could not be understood. Go back and try again.
error-forbidden-title = Request refused
error-forbidden = This request came from another site and was refused to protect you. Go back, reload the page and try again.
error-too-large-title = Too much data
error-too-large = What was sent is larger than this service accepts.
error-timeout-title = Took too long
error-timeout = The request took too long and was stopped. Please try again.
error-internal-title = Something went wrong
error-internal = The error has been recorded. Please try again; if it keeps happening, tell the coordinators and quote the reference below.
error-unavailable-title = Temporarily unavailable
error-unavailable = The service cannot reach its database right now. Please try again in a minute.
error-reference = Reference: { $id }
error-home = Go to the home page

# Messages for values that do not parse (used next to form fields)
invalid-empty = This field is required.
invalid-too-long = Use at most { $limit } characters.
invalid-too-short = Use at least { $limit } characters.
invalid-too-common = This password is one of the most common ones; attackers try it first. Choose another.
invalid-in-future = This is in the future; give the moment it already happened.
invalid-required = Tick this to continue.
invalid-date_time = Enter a date and a time, such as 29/11/2026 08:30.
invalid-duplicate = This is given twice; give it once.
invalid-out-of-range = Enter a whole number from { $min } to { $max }.
invalid-region = “{ $value }” is not a country code of ISO 3166-1 (such as FR or CH) or a region from the list.
invalid-email_address = Enter an e-mail address such as name@example.org.
invalid-country = Choose a country from the list.
invalid-language_tag = Choose a language from the list.
invalid-requester_kind = Choose the kind of organisation from the list.
invalid-service_category = Choose a kind of help from the list.
invalid-urgency = Choose an urgency from the list.
invalid-tlp = Choose a TLP marking: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
invalid-delivery = Choose remote, on site, or both.
invalid-visibility = Choose who may see this.
invalid-staff_role = Choose coordinator or administrator.
invalid-state = This is not a known state.
invalid-id = This link is incomplete or damaged.
invalid-password = Choose another password.
