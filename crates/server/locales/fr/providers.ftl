# Providers: applying, their offerings and pauses.

# The application form
apply-title = Proposer une aide gratuite en tant que prestataire de sécurité
apply-lead = Des entreprises et équipes de sécurité offrent gratuitement leurs services aux organisations de santé qui ont besoin d’aide. Dites-nous qui vous êtes ; deux coordinateurs examinent chaque candidature avant que vos services soient publiés.
apply-company = Votre entreprise
apply-name = Nom de l’entreprise
apply-home-country = Pays où l’entreprise est établie
apply-website = Site web (facultatif)
apply-description = Ce que vous faites, et l’aide que vous apporteriez
apply-description-hint = Quelques phrases : votre équipe, votre expérience du secteur de la santé, ce que vous pouvez faire à distance ou sur place.
apply-services = Les types d’aide que vous proposeriez
apply-contact = Votre interlocuteur
apply-contact-email = Adresse e-mail de contact
apply-contact-email-hint = Si la candidature est acceptée, cette adresse est invitée à gérer votre équipe.
apply-contact-phone = Téléphone de contact (facultatif)
apply-pledges = Vos engagements
apply-pledges-lead = Chaque prestataire prend ces quatre engagements. C’est sur eux que comptent les organisations de santé.
apply-pledge-required = Chaque prestataire prend cet engagement ; cochez-le pour candidater.
apply-submit = Envoyer la candidature
apply-received-title = Candidature reçue
apply-received = Merci. Nous avons envoyé une confirmation à l’adresse de contact.
apply-next = Deux coordinateurs examineront la candidature et pourront vous contacter. Si elle est acceptée, le contact recevra un lien pour créer votre équipe et publier vos services.
apply-name-taken = Un prestataire de ce nom a déjà candidaté ou est publié. S’il s’agit du vôtre, écrivez à l’adresse de contact ci-dessous.
form-has-errors = Certaines réponses demandent votre attention ; chacune est expliquée à côté de son champ.
footer-offer-help = Entreprise de sécurité ? Proposez une aide gratuite

# The pledges
pledge-free = Nous aidons gratuitement, sans frais cachés ni suite payante imposée.
pledge-no-upselling = Nous ne profitons pas d’un dossier pour vendre des produits ou des services.
pledge-confidentiality = Nous gardons confidentiel tout ce que nous apprenons de l’organisation et de son incident.
pledge-code-of-conduct = Nous respectons le code de conduite de ce service.

# A provider's desk
offerings-title = Services de { $provider }
offerings-team-link = Équipe
team-offerings-link = Services et disponibilité
offerings-not-listed-until-vetted = Vos services apparaissent dans le catalogue dès que deux coordinateurs ont validé votre entreprise.
offerings-list = Vos services
offerings-none = Aucun service pour l’instant.
offerings-new = Ajouter un service
offerings-saved = Enregistré.
offering-title = Titre
offering-capacity-in-use = Dossiers en cours
offering-in-use = { $used } sur { $capacity } en cours
offering-state-active = Actif
offering-state-paused = En pause
offering-edit = Modifier
offering-pause = Mettre en pause
offering-resume = Reprendre
provider-paused-until = Ne prend pas de nouveaux dossiers jusqu’au { $when }.

# The pause of the whole provider
pause-title = Ne plus prendre de nouveaux dossiers pendant un temps
pause-lead = Pendant la pause, aucun de vos services n’apparaît dans le catalogue ni n’est proposé pour de nouveaux dossiers. Les dossiers en cours continuent.
pause-until = Pas de nouveaux dossiers jusqu’au
pause-until-invalid = Choisissez un jour postérieur à aujourd’hui et dans l’année.
pause-message = Message pour les coordinateurs (facultatif)
pause-message-hint = Par exemple : l’équipe est à pleine capacité jusque-là.
pause-submit = Mettre en pause
pause-lift = Reprendre les nouveaux dossiers maintenant

# The offering form
offering-new-title = Ajouter un service
offering-edit-title = Modifier un service
offering-text-first = Titre et description
offering-text-other = La même chose dans une autre langue (facultatif)
offering-text-language = Langue de ce texte
offering-description = Description
offering-delivery = Comment l’aide est apportée
offering-capacity = Dossiers que vous pouvez prendre en même temps
offering-capacity-hint = De 0 à 10 000. Avec 0, le service reste publié mais n’est pas proposé pour de nouveaux dossiers.
offering-response-time = Première réponse sous (heures)
offering-response-time-hint = Dans quel délai après la proposition d’un dossier vous vous engagez à répondre, de 1 à 720 heures.
offering-languages = Langues de travail de vos ingénieurs
offering-regions = Où vous apportez cette aide
offering-countries = Pays
offering-countries-hint = Codes pays (ISO 3166-1, comme FR CH BE), séparés par des espaces ou des virgules, en plus ou à la place des régions ci-dessus.
offering-kinds = Qui peut recevoir cette aide
offering-active = Actif : publié dans le catalogue et proposé pour de nouveaux dossiers
offering-save = Enregistrer
offering-publish = Publier

# Les offres d’un prestataire
offerings-offers-link = Offres en attente de réponse
inbox-title = Offres
inbox-lead = Les demandes d’aide que le service propose à votre équipe. Chacune attend une réponse jusqu’à son échéance ; elle va ensuite à un autre prestataire.
inbox-offerings-link = Vos services
inbox-waiting = En attente de votre réponse
inbox-none-waiting = Aucune offre n’attend de réponse.
inbox-answered = Offres répondues et passées
inbox-none-answered = Aucune pour l’instant.
offer-title = Une offre de demande d’aide
offer-back-to-inbox = Toutes les offres
offer-left = { $hours } h { $minutes } min restantes
offer-answer-by = réponse avant le { $when }
offer-sent = Envoyée
offer-deadline = Échéance
offer-summary = Ce que nous pouvons vous dire avant que vous acceptiez
offer-requester-kind = Qui demande
offer-country = Pays
offer-languages = Langues
offer-confidential = Le nom de l’organisation, ses contacts et le détail du cas ne sont montrés qu’au prestataire qui accepte.
offer-answer = Votre réponse
offer-accept = Accepter : nous prenons ce cas
offer-decline-reason = Pourquoi vous refusez (lu par les coordinateurs, pas par le demandeur)
offer-decline-choose = Choisissez une raison
offer-decline = Refuser
offer-open-case = Ouvrir le cas
offer-done-accepted = Vous avez accepté l’offre. Le cas est à vous : le voici.
offer-done-declined = Vous avez refusé l’offre. Elle est allée au prestataire suivant ; merci d’avoir répondu vite.
offer-refused-late = Le délai pour répondre à cette offre est passé : elle est allée à un autre prestataire.
offer-refused-ended = Cette offre a déjà reçu une réponse ou a été retirée ; rien n’a changé.
offer-state-pending = En attente de réponse
offer-state-accepted = Acceptée
offer-state-declined = Refusée
offer-state-expired = Expirée
offer-state-withdrawn = Retirée
decline-reason-no_capacity_now = Pas de capacité pour l’instant
decline-reason-outside_expertise = Hors de notre expertise
decline-reason-conflict_of_interest = Conflit d’intérêts
decline-reason-language_or_place = Langue ou lieu que nous ne pouvons pas servir
decline-reason-other = Une autre raison
case-title = Cas { $reference }
case-email-compromised = La messagerie de cette organisation est peut-être aux mains des attaquants : n’écrivez pas à ses adresses e-mail ; utilisez le contact indiqué ci-dessous.
