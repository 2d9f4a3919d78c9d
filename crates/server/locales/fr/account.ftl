# En-tête et navigation des comptes
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-account = Votre compte
header-signed-in-as = Connecté : { $name }
back-to-account = Retour à votre compte

# Champs
field-email = Adresse e-mail
field-password = Mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-new-password-hint = Au moins 8 caractères. Quelques mots dont vous vous souviendrez font un bon mot de passe ; évitez-en un que vous utilisez ailleurs.
field-new-email = Nouvelle adresse e-mail
field-display-name = Nom
field-display-name-hint = Votre nom, ou une fonction comme « Service informatique ». Les autres membres de votre organisation le voient.
field-language = Langue des pages et des e-mails
field-code = Code
field-choose = Choisir…
field-organisation-name = Nom de l’organisation
field-organisation-kind = Type d’organisation
field-country = Pays
field-website = Site web (facultatif)
field-website-hint = Aide les coordinateurs à vérifier votre organisation, par exemple https://clinique.example.org
field-registry-number = Numéro d’enregistrement (facultatif)
field-registry-number-hint = Le numéro sous lequel votre organisation est enregistrée (registre du commerce, des associations ou des établissements de santé), pour qu’un coordinateur puisse le vérifier.
field-nis2 = Nous relevons de la directive NIS2 (entité essentielle ou importante dans l’UE)
field-join-code = Code d’adhésion
field-join-code-hint = Un administrateur de votre organisation le trouve sur la page de l’organisation, par exemple ABCDE-FGHIJ.
invalid-role = Choisissez un rôle dans la liste.
invalid-website = Saisissez une adresse qui commence par https:// ou http://, ou laissez le champ vide.

# Messages après une action
notice-password-reset = Votre mot de passe a été modifié. Connectez-vous avec le nouveau.
notice-email-verified = Votre adresse e-mail est confirmée. Vous pouvez vous connecter.
notice-signed-out = Vous êtes déconnecté.
notice-profile-saved = Votre profil a été enregistré.
notice-password-changed = Votre mot de passe a été modifié. Toutes les autres sessions ont été fermées.
notice-email-change-requested = Nous avons envoyé un lien à la nouvelle adresse. Le changement aura lieu quand vous l’ouvrirez.
notice-email-changed = Votre adresse e-mail a été modifiée.
notice-mfa-disabled = La validation en deux étapes est désactivée.
notice-invited = L’invitation a été envoyée.
notice-staff-changed = Le compte a été modifié.

# Connexion
login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-no-account = Pas encore de compte ?
login-register = En créer un
login-refused = L’adresse e-mail ou le mot de passe est incorrect.
login-unverified = Veuillez d’abord confirmer votre adresse e-mail : nous venons de vous envoyer un nouveau lien.
mfa-login-title = Validation en deux étapes
mfa-login-lead = Saisissez le code à six chiffres que votre application d’authentification affiche pour ce service.
mfa-login-submit = Continuer
mfa-code-hint = Six chiffres de votre application, ou l’un de vos codes de secours.
mfa-code-hint-no-recovery = Six chiffres de votre application d’authentification.
mfa-code-refused = Ce code est incorrect, a expiré ou a déjà été utilisé. Attendez le code suivant et réessayez.
reauth-title = Confirmez votre identité
reauth-lead = Cette action est sensible. Saisissez à nouveau votre mot de passe pour continuer.
reauth-submit = Confirmer
reauth-refused = Le mot de passe ou le code est incorrect.

# Inscription
register-title = Créer un compte
register-lead = Créez un compte pour demander de l’aide pour votre organisation et suivre votre demande.
register-email-hint = De préférence votre adresse professionnelle. Si votre messagerie est peut-être compromise, utilisez une autre adresse que vous maîtrisez.
register-submit = Créer mon compte
register-have-account = Vous avez déjà un compte ?
register-done-title = Consultez votre messagerie
register-done = Si cette adresse peut être utilisée, nous lui avons envoyé un message. Ouvrez le lien qu’il contient pour confirmer votre adresse, puis connectez-vous.
register-done-spam = Rien après quelques minutes ? Regardez dans vos indésirables et vérifiez l’adresse saisie.
verify-title = Confirmez votre adresse e-mail
verify-lead = Appuyez sur le bouton pour confirmer que cette adresse est bien la vôtre.
verify-submit = Confirmer mon adresse
link-invalid-title = Ce lien ne fonctionne plus
link-invalid = Il a expiré, a déjà été utilisé ou a été copié incomplètement. Demandez-en un nouveau.

# Mot de passe oublié
forgot-title = Mot de passe oublié
forgot-lead = Saisissez l’adresse de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-done-title = Consultez votre messagerie
forgot-done = Si un compte utilise cette adresse, nous lui avons envoyé un lien. Il fonctionne pendant une heure.
reset-title = Choisissez un nouveau mot de passe
reset-lead = Toutes les sessions de votre compte seront fermées.
reset-submit = Enregistrer le nouveau mot de passe

# La page du compte
account-title = Votre compte
account-lead = Connecté avec { $email }.
account-staff-coordinator = Vous êtes coordinateur.
account-staff-admin = Vous êtes administrateur.
account-memberships = Vos organisations
account-no-memberships = Vous n’appartenez encore à aucune organisation.
account-create-organisation = Enregistrer mon organisation
account-join-organisation = Rejoindre mon organisation
account-manage-staff = Gérer l’équipe
account-security = Sécurité
account-mfa = Validation en deux étapes
account-mfa-on = activée
account-mfa-off = désactivée
account-change-password = Changer de mot de passe
account-change-email = Changer d’adresse e-mail
account-sessions = Où vous êtes connecté
account-profile = Profil
account-save = Enregistrer
password-title = Changer de mot de passe
password-lead = Toutes les autres sessions seront fermées.
password-submit = Changer le mot de passe
password-wrong-current = Le mot de passe actuel est incorrect.
email-title = Changer d’adresse e-mail
email-lead = Nous enverrons un lien à la nouvelle adresse ; le changement aura lieu quand vous l’ouvrirez.
email-submit = Envoyer le lien
email-taken = Un autre compte utilise cette adresse.
email-confirm-title = Confirmez votre nouvelle adresse
email-confirm-lead = Appuyez sur le bouton pour utiliser désormais cette adresse pour votre compte.
email-confirm-submit = Utiliser cette adresse
sessions-title = Où vous êtes connecté
sessions-lead = Fermez une session que vous ne reconnaissez pas, puis changez votre mot de passe.
sessions-started = Connexion
sessions-last-seen = Dernière activité
sessions-from = Depuis
sessions-browser = Navigateur
sessions-actions = Actions
sessions-this-one = Cette session
sessions-revoke = Fermer

# Validation en deux étapes
mfa-title = Validation en deux étapes
mfa-lead = La connexion demande un code d’une application sur votre téléphone en plus de votre mot de passe : un mot de passe volé ne suffit plus.
mfa-is-on = La validation en deux étapes est activée.
mfa-is-off = La validation en deux étapes est désactivée.
mfa-codes-left = { $count ->
    [0] Il ne vous reste aucun code de secours ; créez-en de nouveaux.
    [one] Il vous reste un code de secours.
   *[other] Il vous reste { $count } codes de secours.
}
mfa-new-codes = Créer de nouveaux codes de secours
mfa-disable = Désactiver la validation en deux étapes
mfa-required = Votre rôle exige la validation en deux étapes ; elle ne peut pas être désactivée.
mfa-set-up = Activer la validation en deux étapes
mfa-setup-title = Activer la validation en deux étapes
mfa-setup-required = Votre rôle exige la validation en deux étapes. Activez-la pour continuer.
mfa-setup-step-app = Installez une application d’authentification sur votre téléphone (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).
mfa-setup-step-scan = Scannez ce code avec l’application.
mfa-setup-or-type = Ou saisissez cette clé dans l’application :
mfa-setup-step-code = Saisissez le code à six chiffres affiché par l’application.
mfa-setup-submit = Activer
mfa-qr-label = Code QR à scanner avec votre application d’authentification
codes-title = Vos codes de secours
codes-lead = Chaque code vous connecte une fois si vous perdez votre téléphone. Conservez-les en lieu sûr, loin de votre téléphone.
codes-once = C’est la seule fois qu’ils sont affichés.
codes-continue = Je les ai conservés

# Organisations
organisation-new-title = Enregistrer votre organisation
organisation-new-lead = Un coordinateur vérifie chaque organisation avant que ses demandes ne soient communiquées à un prestataire. Vous en devenez l’administrateur.
organisation-new-submit = Enregistrer l’organisation
organisation-join-title = Rejoindre votre organisation
organisation-join-lead = Demandez son code d’adhésion à un administrateur de votre organisation. Il approuvera votre demande.
organisation-join-submit = Continuer
organisation-join-unknown = Aucune organisation n’a ce code. Vérifiez-le auprès de la personne qui vous l’a donné.
organisation-join-confirm = Demander à rejoindre { $organisation } ?
organisation-join-confirm-submit = Demander à rejoindre
organisation-join-sent = Votre demande a été envoyée aux administrateurs de l’organisation. Vous recevrez un e-mail quand ils l’auront acceptée.
organisation-join-already = Vous avez déjà demandé à rejoindre cette organisation, ou vous en faites déjà partie.
organisation-join-code = Code d’adhésion
organisation-join-code-lead = Donnez ce code aux collègues qui doivent rejoindre l’organisation ; vous approuvez chacun d’eux.
organisation-members = Membres
organisation-role = Rôle
organisation-actions = Actions
member-approve = Accepter
member-refuse = Refuser
member-remove = Retirer
member-make-admin = Nommer administrateur
member-make-member = Rendre membre
membership-role-member = Membre
membership-role-admin = Administrateur
membership-state-pending = en attente d’approbation
membership-state-active = actif
membership-state-removed = retiré
verification-unverified = Pas encore vérifiée : un coordinateur va la contrôler.
verification-verified = Vérifiée par les coordinateurs.
verification-rejected = Non acceptée par les coordinateurs.

# Équipes des prestataires
team-members = Équipe
team-invite = Inviter quelqu’un dans l’équipe
team-invite-submit = Envoyer l’invitation
provider-role-member = Ingénieur
provider-role-admin = Administrateur de l’équipe
vetting-applied = Candidature en cours d’examen
vetting-vetted = Prestataire vérifié
vetting-rejected = Candidature non retenue
vetting-suspended = Suspendu
vetting-retired = Retiré
invitations-pending = Invitations pas encore acceptées

# Équipe de l’opérateur
staff-title = Équipe de l’opérateur
staff-state = État
staff-active = actif
staff-disabled = désactivé
staff-no-mfa = validation en deux étapes non activée
staff-enable = Réactiver
staff-disable = Désactiver
staff-make-admin = Nommer administrateur
staff-make-coordinator = Nommer coordinateur
staff-reset-mfa = Réinitialiser la validation en deux étapes
staff-invite = Inviter un membre de l’équipe
staff-invite-submit = Envoyer l’invitation
staff-role-coordinator = coordinateur
staff-role-admin = administrateur

# Invitations
invitation-title = Votre invitation
invitation-lead-staff = Vous êtes invité à rejoindre le service en tant que { $role }.
invitation-lead-provider = Vous êtes invité à rejoindre { $provider } en tant que { $role }.
invitation-accept = Accepter l’invitation
invitation-sign-in-first = Un compte utilise déjà cette adresse. Connectez-vous, puis ouvrez à nouveau le lien.
invitation-address = Votre compte utilisera l’adresse { $email }.
invitation-create = Créer mon compte

# Erreurs liées aux comptes
error-unauthenticated-title = Veuillez vous connecter
error-unauthenticated = Vous devez être connecté pour voir cette page, ou votre session a pris fin.
error-not-allowed-title = Action non autorisée
error-not-allowed = Votre rôle ne permet pas cette action.
error-too-many-title = Trop de tentatives
error-too-many = Trop de tentatives ont été faites. Attendez quinze minutes et réessayez, ou utilisez le lien « Mot de passe oublié ».
error-busy-title = Service occupé
error-busy = Le service traite beaucoup de connexions en ce moment. Veuillez réessayer dans quelques secondes.
