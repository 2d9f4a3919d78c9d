# La page du catalogue
catalogue-title = Services proposés
catalogue-lead = Des services gratuits de prestataires vérifiés. Les coordinateurs choisissent le bon pour chaque demande ; vous n’avez pas à choisir vous-même.
catalogue-filter-category = Type d’aide
catalogue-filter-all = Tous les types d’aide
catalogue-filter-submit = Afficher
catalogue-filter-text = Mots
catalogue-filter-language = Langue
catalogue-filter-any-language = Toutes les langues
catalogue-filter-serves = Où vous êtes
catalogue-filter-anywhere = Partout
catalogue-filter-regions = Régions
catalogue-filter-countries = Pays
catalogue-filter-kind = Type d’organisation
catalogue-filter-any-kind = Tous les types
catalogue-pledges = Gratuit, sans vente forcée, confidentiel
catalogue-back = Tous les services
catalogue-commits-title = Ce à quoi le prestataire s’engage
catalogue-how-to-get = Comment obtenir cette aide
catalogue-how-to-get-lead = Demandez de l’aide : un coordinateur lit votre demande et la propose au bon prestataire, celui-ci ou un autre. Vous ne contactez pas les prestataires vous-même.
catalogue-ask = Demander de l’aide
catalogue-count = { $count ->
    [0] Aucun service ne correspond.
    [one] Un service.
   *[other] { $count } services.
}
catalogue-by = par { $provider }
catalogue-provider-country = siège : { $country }
catalogue-delivery = Intervention
catalogue-languages = Langues
catalogue-serves = Zone couverte
catalogue-for-everyone = Toute organisation éligible
catalogue-for = Pour
catalogue-capacity = { $count ->
    [one] Un cas à la fois
   *[other] Jusqu’à { $count } cas à la fois
}
catalogue-response = { $hours ->
    [one] Répond en moins d’une heure
   *[other] Répond en moins de { $hours } heures
}
catalogue-empty = Aucun service de ce type n’est proposé pour le moment. Demandez quand même : les coordinateurs trouvent aussi de l’aide hors du catalogue.
catalogue-text-language = Description en { $language }.

# Mode d’intervention
delivery-remote = À distance
delivery-on_site = Sur place
delivery-both = À distance ou sur place

# Types d’aide
category-incident_response = Réponse aux incidents
category-digital_forensics = Investigation numérique
category-ransomware_recovery = Reprise après rançongiciel
category-threat_intelligence = Renseignement sur les menaces
category-vulnerability_assessment = Évaluation des vulnérabilités
category-penetration_testing = Tests d’intrusion
category-email_security = Sécurité de la messagerie
category-account_protection = Protection des comptes
category-endpoint_protection = Protection des postes
category-network_security = Sécurité des réseaux
category-cloud_security = Sécurité du cloud
category-medical_device_security = Sécurité des dispositifs médicaux
category-security_awareness = Sensibilisation à la sécurité
category-cyber_exercise = Exercices et cyber-ranges
category-security_advisory = Conseil en sécurité
category-backup_continuity = Sauvegarde et continuité

# Régions (ONU M49)
region-001 = Monde entier
region-002 = Afrique
region-009 = Océanie
region-019 = Amériques
region-142 = Asie
region-150 = Europe

# Langues de travail
language-ar = arabe
language-bg = bulgare
language-cs = tchèque
language-da = danois
language-de = allemand
language-el = grec
language-en = anglais
language-es = espagnol
language-et = estonien
language-fi = finnois
language-fr = français
language-he = hébreu
language-hi = hindi
language-hr = croate
language-hu = hongrois
language-it = italien
language-ja = japonais
language-ko = coréen
language-lt = lituanien
language-lv = letton
language-nl = néerlandais
language-no = norvégien
language-pl = polonais
language-pt = portugais
language-ro = roumain
language-ru = russe
language-sk = slovaque
language-sl = slovène
language-sv = suédois
language-sw = swahili
language-tr = turc
language-uk = ukrainien
language-zh = chinois
