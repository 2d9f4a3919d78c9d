# Les fichiers d'un dossier
case-file-title = Ajouter un fichier
case-file = Fichier
case-file-hint = Journaux, captures d'écran, demande de rançon, pièce jointe suspecte : jusqu'à { $megabytes } Mo. Les fichiers sont conservés chiffrés et jamais ouverts par le service ; les autres les téléchargent tels quels.
case-file-submit = Ajouter le fichier
case-file-added = A ajouté un fichier :
case-file-missing = Choisissez un fichier à ajouter.
case-file-empty = Ce fichier est vide. Choisissez-le de nouveau ; si cela échoue encore, envoyez son contenu dans un message.
case-file-too-large = Ce fichier dépasse { $megabytes } Mo, la taille maximale d'un fichier. Rien n'a été conservé. Compressez-le ou découpez-le en parties.
case-file-too-many = Ce dossier contient { $count } fichiers, le maximum. Demandez à un coordinateur de faire de la place, ou réunissez plusieurs fichiers dans une archive.
case-file-tlp = Choisissez un marquage TLP dans la liste.
case-file-malformed = Le nom du fichier ou le formulaire n'a pas pu être lu tel qu'envoyé. Renommez le fichier avec des lettres et des chiffres ordinaires et réessayez ; si cela échoue encore, essayez un autre navigateur.
case-done-file = Le fichier est ajouté. Son empreinte SHA-256 figure à côté, pour la comparer à votre copie.
request-history-request-file = Fichier ajouté
audit-request-file = Fichier ajouté
size-bytes = { $amount } octets
size-kb = { $amount } Ko
size-mb = { $amount } Mo

# Mener un dossier à son terme
case-next-steps-title = Prochaines étapes
case-next-steps = Ce qui va se passer dans ce dossier
case-next-steps-hint = Toutes les parties du dossier le lisent, le demandeur aussi. Jusqu'à 5 000 caractères.
case-next-steps-submit = Enregistrer les prochaines étapes
case-done-next-steps = Les prochaines étapes sont enregistrées.
case-resolution-title = Comment il a été résolu
case-feedback-title = Avis
case-feedback-lead = Comment cela s'est-il passé ? Une note, un commentaire, ou les deux. Seuls les coordinateurs le lisent.
case-feedback-rating = Note
case-feedback-stars = { $stars } sur 5
case-feedback-comment = Commentaire (facultatif)
case-feedback-comment-hint = Ce qui a bien fonctionné, ce qui pourrait être mieux. Jusqu'à 5 000 caractères.
case-feedback-submit = Envoyer l'avis
case-feedback-rating-invalid = Choisissez une note de 1 à 5, ou aucune.
case-feedback-empty = Donnez une note, un commentaire, ou les deux.
case-feedback-given = Votre côté a déjà donné son avis sur ce dossier. Merci.
case-feedback-not-yet = L'avis se donne une fois le dossier résolu.
case-feedback-from-requester = Du demandeur
case-feedback-from-provider = Du prestataire
case-done-feedback = Merci pour votre avis.
request-history-request-next_steps = Prochaines étapes enregistrées
request-history-request-feedback = Avis donné
audit-request-next_steps = Prochaines étapes enregistrées
audit-request-feedback = Avis donné

# Notifications
nav-notifications = Notifications
nav-notifications-unread = Notifications ({ $count } non lues)
notifications-title = Notifications
notifications-none = Rien de nouveau pour l’instant. Quand il se passe quelque chose dans l’un de vos dossiers, cela apparaît ici.
notifications-unread = non lue
notifications-read-all = Tout marquer comme lu
notifications-done-read = Toutes les notifications sont marquées lues.
notifications-email-title = E-mail
notifications-email-legend = Me signaler l’activité par e-mail
notifications-email-immediately = Tout de suite, un e-mail à chaque fois
notifications-email-daily = Une fois par jour, dans un résumé
notifications-email-off = Pas par e-mail : je regarde ici
notifications-email-always = Les offres pour votre équipe et les demandes critiques en attente partent toujours par e-mail. Les e-mails ne contiennent jamais le détail d’un dossier : seulement sa référence et un lien.
notifications-email-submit = Enregistrer
notifications-preference-invalid = Choisissez l’une des trois possibilités.
notifications-done-preference = Enregistré.
notification-case_message = un nouveau message
notification-case_file = un nouveau fichier
notification-case_resolved = le prestataire l’a marqué résolu
notification-case_reopened = le demandeur l’a rouvert
notification-case_closed = il est clos
audit-user-notification_preference = Préférence d’e-mail modifiée
audit-notification-digest = Résumé quotidien envoyé

# Le budget d'heures d'un bénéficiaire
case-budget = Heures d'aide gratuite pour cette organisation
case-budget-hint = Sur l'ensemble de ses dossiers. Augmentez-le pour que l'aide continue une fois les heures épuisées.
case-budget-submit = Enregistrer le budget
case-budget-invalid = Écrivez les heures en nombre entier, de 1 à 100000.
case-done-budget = Le budget de l'organisation est enregistré.
request-history-request-budget = Budget d'heures modifié
audit-request-budget = Budget d'heures modifié

# Suivis après la clôture d'un dossier
follow-up-title = Le problème est-il revenu ?
follow-up-lead = Ce dossier a été clos il y a quelque temps. Si le problème est revenu, un clic présente aux coordinateurs une nouvelle demande, avec ce que vous nous aviez dit.
follow-up-yes = Oui, il est revenu
follow-up-no = Non, tout va bien
follow-up-choose = Choisissez oui ou non.
follow-up-none = Aucune question n'attend de réponse dans ce dossier.
follow-up-done-no = Merci : tant mieux si cela tient.
follow-up-came-back = Le problème est revenu après la clôture du dossier { $reference }.
notification-case_follow_up = le problème est-il revenu ?
email-activity-case_follow_up = le problème est-il revenu ?
request-history-request-follow_up = Question : le problème est-il revenu ?
request-history-request-follow_up_answer = Réponse au suivi
audit-request-follow_up = Question de suivi posée
audit-request-follow_up_answer = Suivi répondu
