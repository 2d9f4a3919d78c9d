# The audit trail, for staff.

coordination-audit = Journal d’audit
audit-lead = Qui a fait quoi, et qui a lu le contenu de quel dossier, quand et d’où. Les événements ne sont jamais modifiés ni supprimés, sauf par la durée de conservation ; `c4h audit verify` le prouve.
audit-filter-actor = Personne (adresse e-mail)
audit-filter-action = Action
audit-filter-action-hint = Une action ou son début : request.read, request.
audit-filter-object = Objet
audit-filter-object-hint = Un type, ou type:id : request, attachment:0190…
audit-filter-case = Référence du dossier
audit-filter-from = Du (jour)
audit-filter-until = Au (jour, inclus)
audit-filter-nobody = Personne n’a cette adresse.
audit-filter-not-an-address = Saisissez une adresse e-mail, par exemple desk@example.org.
audit-filter-no-case = Aucun dossier n’a cette référence.
audit-filter-not-a-day = Saisissez un jour sous la forme 2026-12-31.
audit-filter-until-before-from = Le dernier jour ne peut pas précéder le premier.
audit-export-csv = Exporter en CSV
audit-export-json = Exporter en JSON
audit-none = Aucun événement ne correspond.
audit-older = Événements plus anciens
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-object = Objet
audit-case = Dossier
audit-from-address = Depuis
audit-details = Détails
audit-timeline = Journal d’audit de ce dossier
# Actions (audit-<action with dots as dashes>)
audit-request-read = Dossier lu
audit-attachment-read = Fichier téléchargé
audit-audit-export = Journal d’audit exporté
