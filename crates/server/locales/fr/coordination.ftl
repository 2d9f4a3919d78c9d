# The coordinators' pages: vetting, verification and the directory.

coordination-nav = Coordination
coordination-providers = Prestataires
coordination-organisations = Organisations
coordination-offerings = Services

# Directory lists
directory-search-name = Le nom contient
directory-any = Tous
directory-filter-vetting = Validation
directory-filter-country = Pays
directory-filter-verification = Vérification
directory-filter-offering-state = État
directory-count = { $count ->
    [0] Aucun résultat.
    [one] Un résultat.
   *[other] { $count } résultats.
}
directory-name = Nom
directory-vetting = Validation
directory-applied = Candidature
directory-applied-on = candidature du { $when }
directory-awaiting-confirmation = attend un second coordinateur
directory-organisations-lead = Les organisations pas encore vérifiées viennent en premier. Contrôlez ce que chacune a déclaré avant de la vérifier.
directory-verification = Vérification
directory-declared = Déclaré
directory-registered = Inscription
directory-provider = Prestataire
directory-state = État
directory-in-catalogue = Le voir dans le catalogue public
verification-state-unverified = Non vérifiée
verification-state-verified = Vérifiée
verification-state-rejected = Refusée

# A provider's file
vetting-declared = Ce que le candidat a déclaré
vetting-pledges-taken = Les quatre engagements sont pris
vetting-pledges-missing = Engagements manquants
vetting-decisions = Décisions
vetting-no-decision = Aucune décision pour l’instant.
vetting-proposed-by = par { $name }, { $when }
vetting-confirmed-by = Confirmée par { $name }, { $when }.
vetting-withdrawn = Retirée { $when }, remplacée par une autre décision.
vetting-waiting = En attente de la confirmation d’un second coordinateur.
vetting-confirm = Confirmer cette validation
vetting-decide = Prendre une décision
vetting-decision = Décision
vetting-decision-vet = Valider (un second coordinateur confirme)
vetting-decision-reject = Refuser la candidature
vetting-decision-suspend = Suspendre (retire aussitôt tous les services)
vetting-decision-retire = Retirer (définitivement)
vetting-reason = Motif
vetting-reason-hint = Dites ce que vous avez vérifié ou pourquoi. Un refus, une suspension ou un retrait est envoyé au contact du prestataire avec ce motif.
vetting-record = Enregistrer la décision
vetting-notes = Notes et éléments de preuve
vetting-note = Note
vetting-evidence = Élément de preuve (facultatif)
vetting-evidence-hint = Où se trouve la preuve : une inscription au registre, une référence appelée, un numéro de document.
vetting-evidence-is = Preuve : { $evidence }
vetting-add-note = Ajouter la note
vetting-done-proposed = Enregistrée. Un autre coordinateur doit la confirmer pour qu’elle prenne effet.
vetting-done-applied = La décision a pris effet.
vetting-done-note = Note ajoutée.
vetting-not-applicable = Cette décision ne s’applique pas au prestataire dans son état actuel (ou une validation attend déjà sa confirmation : confirmez-la plutôt).
vetting-same-coordinator = Vous avez proposé cette validation ; un autre coordinateur doit la confirmer.

# An organisation's file
verification-declared = Ce que l’organisation a déclaré
verification-registrant-domain = Domaine de l’adresse e-mail de la personne qui l’a inscrite
verification-last-note = Dernière note à l’organisation : { $note }
verification-decide = Vérifier ou refuser
verification-outcome = Résultat
verification-verify = Vérifier : c’est bien l’organisation de santé qu’elle dit être
verification-reject = Refuser
verification-reason = Motif, que les membres de l’organisation liront
verification-reason-hint = Obligatoire pour un refus. Dites ce qui manque et ce qu’ils peuvent faire.
verification-submit = Enregistrer
verification-done = Enregistré. Les administrateurs de l’organisation ont été prévenus par e-mail.
verification-choose = Choisissez de vérifier ou de refuser.
organisation-rejection-reason = Ce que les coordinateurs ont écrit :
organisation-rejection-next = Quand vous aurez ce qui manque, écrivez à { $email } : un coordinateur réexaminera la demande.
member-vouch = Se porter garant

# Histories
history-title = Historique
history-empty = Rien d’enregistré pour l’instant.
history-when = Quand
history-who = Qui
history-what = Quoi
audit-actor-cli = la ligne de commande
audit-actor-system = le service
audit-actor-anonymous = une personne non connectée
audit-actor-user = un utilisateur
audit-provider-apply = Candidature
audit-provider-vet_proposed = Validation proposée
audit-provider-vet = Validation confirmée
audit-provider-reject = Candidature refusée
audit-provider-suspend = Suspendu
audit-provider-retire = Retiré
audit-provider-note = Note ajoutée
audit-provider-pause = Pause des nouveaux dossiers
audit-provider-resume = Reprend les nouveaux dossiers
audit-offering-create = Service créé
audit-offering-update = Service modifié
audit-offering-pause = Service mis en pause
audit-offering-resume = Service repris
audit-organisation-create = Organisation inscrite
audit-organisation-verify = Vérifiée
audit-organisation-reject = Refusée

# Pages of lists
pager-label = Pages
pager-previous = Page précédente
pager-next = Page suivante
pager-position = Page { $page } sur { $pages }

# The JSON API
api-malformed-title = Le corps de la requête n’est pas le JSON attendu par ce point d’accès.
api-invalid-title = Certains champs ne sont pas valides.

# L’appariement sur le dossier d’une demande
proposal-title = Appariement
proposal-auto-on = L’offre automatique est active pour cette urgence : le moteur envoie lui-même la meilleure offre ; vous pouvez aussi en envoyer une ci-dessous.
proposal-auto-off = L’offre automatique est désactivée pour cette urgence : envoyez l’offre proposée quand vous êtes prêt.
proposal-none = Aucune offre ne peut prendre cette demande pour l’instant. Elle attend en liste d’attente et sera proposée dès qu’une capacité se libère.
proposal-optimal = le choix du moteur
proposal-cost = { $points } points
proposal-choose = Choisissez une des offres proposées.
proposal-send = Envoyer l’offre
proposal-summary = Texte pour les prestataires
proposal-summary-hint = Ce que les prestataires lisent dans l’offre avant d’accepter, en plus de la catégorie, de l’urgence, du type, du pays et des langues. Jamais le nom ni les contacts de l’organisation. Jusqu’à 1 000 caractères.
proposal-summary-save = Enregistrer le texte
proposal-offers = Offres faites
proposal-provider = Prestataire
proposal-by-engine = par le moteur
proposal-refused-unavailable = Cette offre ne peut pas recevoir de demandes pour l’instant (en pause, ou son prestataire l’est). Choisissez-en une autre.
proposal-refused-not-waiting = La demande n’attend plus d’offre (une autre offre est arrivée avant).
proposal-done-sent = L’offre est envoyée ; le prestataire a jusqu’à son échéance pour répondre.
proposal-done-summary = Le texte pour les prestataires est enregistré.
match-reason-speaks_language = parle { $value }
match-reason-no_common_language = aucune langue en commun
match-reason-serves_country = couvre { $value }
match-reason-serves_region = couvre { $value }
match-reason-serves_world = couvre le monde entier
match-reason-answers_within_hours = répond sous { $value } h
match-reason-slower_than_wanted_hours = répond sous { $hours } h quand { $wanted } h sont souhaitées
match-reason-engagements_in_progress = { $value } cas en cours
match-reason-no_engagements = aucun cas en cours
match-reason-feedback_average_tenths = noté { $value }
match-reason-no_feedback_yet = pas encore d’avis
audit-offer-send = Offre envoyée
audit-offer-accept = Offre acceptée
audit-offer-decline = Offre refusée
audit-offer-expire = Offre expirée
audit-request-escalate = Signalée à tous les coordinateurs
audit-request-offer_summary = Texte pour les prestataires modifié
