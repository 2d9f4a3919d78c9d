# The catalogue page
catalogue-title = Services on offer
catalogue-lead = Free services from vetted providers. Coordinators choose the right one for each request; you do not need to pick one yourself.
catalogue-filter-category = Kind of help
catalogue-filter-all = All kinds of help
catalogue-filter-submit = Show
catalogue-filter-text = Words
catalogue-filter-language = Language
catalogue-filter-any-language = Any language
catalogue-filter-serves = Where you are
catalogue-filter-anywhere = Anywhere
catalogue-filter-regions = Regions
catalogue-filter-countries = Countries
catalogue-filter-kind = Kind of organisation
catalogue-filter-any-kind = Any kind
catalogue-pledges = Free of charge, no upselling, confidential
catalogue-back = All services
catalogue-commits-title = What the provider commits to
catalogue-how-to-get = How to get this help
catalogue-how-to-get-lead = Ask for help: a coordinator reads your request and proposes it to the right provider, this one or another. You do not contact providers yourself.
catalogue-ask = Ask for help
catalogue-count = { $count ->
    [0] No service matches.
    [one] One service.
   *[other] { $count } services.
}
catalogue-by = by { $provider }
catalogue-provider-country = based in { $country }
catalogue-delivery = Delivery
catalogue-languages = Languages
catalogue-serves = Serves
catalogue-for-everyone = Every eligible organisation
catalogue-for = For
catalogue-capacity = { $count ->
    [one] One case at a time
   *[other] Up to { $count } cases at a time
}
catalogue-response = { $hours ->
    [one] Answers within one hour
   *[other] Answers within { $hours } hours
}
catalogue-empty = No service of this kind is on offer right now. Ask anyway: coordinators also find help outside the catalogue.
catalogue-text-language = Description in { $language }.

# How help is delivered
delivery-remote = Remote
delivery-on_site = On site
delivery-both = Remote or on site

# Service categories
category-incident_response = Incident response
category-digital_forensics = Digital forensics
category-ransomware_recovery = Ransomware recovery
category-threat_intelligence = Threat intelligence
category-vulnerability_assessment = Vulnerability assessment
category-penetration_testing = Penetration testing
category-email_security = E-mail security
category-account_protection = Account protection
category-endpoint_protection = Endpoint protection
category-network_security = Network security
category-cloud_security = Cloud security
category-medical_device_security = Medical-device security
category-security_awareness = Security awareness training
category-cyber_exercise = Cyber exercises and ranges
category-security_advisory = Security advice
category-backup_continuity = Backup and continuity

# Regions (UN M49)
region-001 = Worldwide
region-002 = Africa
region-009 = Oceania
region-019 = Americas
region-142 = Asia
region-150 = Europe

# Languages people work in
language-ar = Arabic
language-bg = Bulgarian
language-cs = Czech
language-da = Danish
language-de = German
language-el = Greek
language-en = English
language-es = Spanish
language-et = Estonian
language-fi = Finnish
language-fr = French
language-he = Hebrew
language-hi = Hindi
language-hr = Croatian
language-hu = Hungarian
language-it = Italian
language-ja = Japanese
language-ko = Korean
language-lt = Lithuanian
language-lv = Latvian
language-nl = Dutch
language-no = Norwegian
language-pl = Polish
language-pt = Portuguese
language-ro = Romanian
language-ru = Russian
language-sk = Slovak
language-sl = Slovenian
language-sv = Swedish
language-sw = Swahili
language-tr = Turkish
language-uk = Ukrainian
language-zh = Chinese
