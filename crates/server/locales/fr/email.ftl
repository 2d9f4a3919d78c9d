# Courriels. Aucun détail de cas, aucun nom d’organisation en difficulté, rien de marqué TLP:RED :
# des liens et des numéros de référence seulement.
email-signature = { $operator } — aide gratuite en cybersécurité pour la santé. Ce message est envoyé automatiquement ; les réponses ne sont pas lues.

email-verify-email-subject = Confirmez votre adresse e-mail
email-verify-email-body =
    Bonjour,

    Un compte a été créé sur { $operator } avec cette adresse. Pour confirmer qu’elle est bien la vôtre, ouvrez ce lien dans les 24 heures :

    { $link }

    Si vous n’êtes pas à l’origine de cette création, ignorez ce message : le compte ne peut pas être utilisé sans cette confirmation.

email-already-registered-subject = Vous avez déjà un compte
email-already-registered-body =
    Bonjour,

    Quelqu’un a essayé de créer un compte sur { $operator } avec cette adresse, qui en a déjà un. Si c’était vous, connectez-vous :

    { $sign_in }

    Si vous avez oublié votre mot de passe, choisissez-en un nouveau ici :

    { $reset }

    Si ce n’était pas vous, vous pouvez ignorer ce message.

email-reset-password-subject = Choisissez un nouveau mot de passe
email-reset-password-body =
    Bonjour,

    Quelqu’un a demandé à réinitialiser le mot de passe de votre compte sur { $operator }. Pour en choisir un nouveau, ouvrez ce lien dans l’heure :

    { $link }

    Si ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.

email-no-account-subject = Réinitialisation de mot de passe demandée
email-no-account-body =
    Bonjour,

    Quelqu’un a demandé à réinitialiser le mot de passe d’un compte sur { $operator } avec cette adresse, mais aucun compte ne l’utilise. Si vous vouliez demander de l’aide, vous pouvez créer un compte ici :

    { $register }

    Si ce n’était pas vous, vous pouvez ignorer ce message.

email-password-changed-subject = Votre mot de passe a été modifié
email-password-changed-body =
    Bonjour,

    Le mot de passe de votre compte sur { $operator } vient d’être modifié, et toutes les autres sessions ont été fermées.

    Si vous n’êtes pas à l’origine de ce changement, choisissez immédiatement un nouveau mot de passe et prévenez les coordinateurs :

    { $reset }

email-confirm-new-email-subject = Confirmez votre nouvelle adresse e-mail
email-confirm-new-email-body =
    Bonjour,

    Vous avez demandé à utiliser cette adresse pour votre compte sur { $operator }. Pour confirmer, ouvrez ce lien dans les 24 heures :

    { $link }

    Si vous n’avez rien demandé, ignorez ce message.

email-email-change-requested-subject = Une nouvelle adresse e-mail a été demandée pour votre compte
email-email-change-requested-body =
    Bonjour,

    Une personne connectée à votre compte sur { $operator } a demandé à le déplacer vers l’adresse { $new_address }. Le changement n’aura lieu que si cette adresse le confirme.

    Si vous n’avez rien demandé, changez votre mot de passe et prévenez les coordinateurs.

email-email-changed-subject = L’adresse e-mail de votre compte a été modifiée
email-email-changed-body =
    Bonjour,

    Votre compte sur { $operator } utilise désormais l’adresse { $new_address }. Cette adresse-ci ne recevra plus de messages à son sujet.

    Si vous n’êtes pas à l’origine de ce changement, prévenez immédiatement les coordinateurs.

email-new-sign-in-subject = Nouvelle connexion à votre compte
email-new-sign-in-body =
    Bonjour,

    Une connexion à votre compte sur { $operator } a eu lieu depuis un navigateur inconnu, le { $when } (adresse réseau { $from }).

    Si c’était vous, il n’y a rien à faire. Sinon, changez immédiatement votre mot de passe et prévenez les coordinateurs.

email-mfa-enabled-subject = La validation en deux étapes est activée
email-mfa-enabled-body =
    Bonjour,

    La validation en deux étapes a été activée pour votre compte sur { $operator }. La connexion demande désormais un code de votre application d’authentification, ou l’un de vos codes de secours.

    Si vous n’êtes pas à l’origine de ce changement, prévenez immédiatement les coordinateurs.

email-mfa-disabled-subject = La validation en deux étapes est désactivée
email-mfa-disabled-body =
    Bonjour,

    La validation en deux étapes a été désactivée pour votre compte sur { $operator }.

    Si vous n’êtes pas à l’origine de ce changement, changez votre mot de passe et prévenez immédiatement les coordinateurs.

email-invitation-subject = Vous êtes invité à rejoindre { $operator }
email-invitation-body =
    Bonjour,

    Vous êtes invité à rejoindre { $operator } en tant que { $role }. Pour accepter, ouvrez ce lien dans les sept jours et choisissez un mot de passe :

    { $link }

    Si vous n’attendiez pas cette invitation, ignorez ce message.

email-join-requested-subject = Quelqu’un demande à rejoindre votre organisation
email-join-requested-body =
    Bonjour,

    Quelqu’un demande à rejoindre votre organisation sur { $operator }. En tant qu’administrateur, vous pouvez accepter ou refuser la demande ici :

    { $link }

email-membership-approved-subject = Votre demande d’adhésion a été acceptée
email-membership-approved-body =
    Bonjour,

    Vous êtes désormais membre de l’organisation que vous avez demandé à rejoindre sur { $operator } :

    { $link }

email-provider-applied-subject = Nous avons reçu votre candidature
email-provider-applied-body =
    Bonjour,

    Merci de proposer une aide gratuite aux organisations de santé. Nous avons reçu la candidature de { $provider } auprès de { $operator }.

    Deux coordinateurs examinent chaque candidature : ils pourront vous contacter pour vérifier ce que vous avez déclaré. Si la candidature est acceptée, vous recevrez un lien pour créer les comptes de votre équipe et publier vos services.

email-provider-decision-subject = Une décision concernant { $provider }
email-provider-decision-body =
    Bonjour,

    Un coordinateur de { $operator } a pris cette décision concernant { $provider } : { $decision }.

    Le motif donné :

    { $reason }

    Pour toute question, écrivez à l’adresse de contact indiquée sur notre site.

email-provider-vetted-subject = { $provider } est accepté comme prestataire
email-provider-vetted-body =
    Bonjour,

    Deux coordinateurs de { $operator } ont validé { $provider }. Vous êtes invité à devenir l’administrateur de son équipe : ouvrez ce lien dans les 7 jours pour créer votre compte, puis invitez vos collègues et publiez vos services.

    { $link }

email-organisation-reviewed-subject = La vérification de votre organisation
email-organisation-reviewed-body =
    Bonjour,

    Un coordinateur de { $operator } a examiné votre organisation. Connectez-vous pour lire le résultat et, s’il manque quelque chose, ce qu’il faut faire :

    { $link }

email-emergency-confirm-subject = Confirmez votre adresse pour envoyer votre demande d’aide
email-emergency-confirm-body =
    Bonjour,

    Quelqu’un a demandé de l’aide à { $operator } avec cette adresse. Pour envoyer la demande aux coordinateurs, ouvrez ce lien et appuyez sur le bouton (le lien est valable 24 heures) :

    { $link }

    La demande est lue dès son envoi, les plus urgentes d’abord. Si vous n’avez pas demandé d’aide, ignorez ce message : rien n’est envoyé sans cette confirmation.

email-emergency-has-account-subject = Demandez de l’aide depuis votre compte
email-emergency-has-account-body =
    Bonjour,

    Quelqu’un a utilisé le formulaire d’urgence de { $operator } avec cette adresse, qui a déjà un compte. Pour que votre demande parvienne aux coordinateurs avec les informations de votre organisation, connectez-vous et demandez de l’aide ici :

    { $sign_in }

    Si vous ne pouvez pas vous connecter maintenant, écrivez à l’adresse de contact indiquée sur le site.

email-offer-received-subject = Une demande d’aide attend votre réponse
email-offer-received-body =
    Bonjour,

    { $operator } propose à votre équipe une demande d’aide d’un établissement de santé. Merci de l’accepter ou de la refuser avant le { $deadline } ; passé ce délai, elle ira à un autre prestataire.

    Lisez son résumé et répondez ici (il vous sera demandé de vous connecter) :
    { $link }

email-request-waitlisted-subject = La demande { $reference } est en liste d’attente : aucun prestataire ne peut la prendre
email-request-waitlisted-body =
    Bonjour,

    Aucune offre ne peut prendre la demande { $reference } pour l’instant : elle est en liste d’attente. Elle sera proposée dès qu’une capacité se libère ; vous pouvez aussi recruter un prestataire ou modifier la demande.

    { $link }

email-critical-waiting-subject = La demande critique { $reference } attend depuis { $waited } sans prestataire
email-critical-waiting-body =
    Bonjour,

    La demande critique { $reference } est entrée en appariement il y a { $waited } et aucun prestataire ne l’a encore acceptée. Merci de vous en occuper maintenant.

    { $link }

email-hour-budget-spent-subject = Demande { $reference } : les { $hours } heures du bénéficiaire sont utilisées
email-hour-budget-spent-body =
    Bonjour,

    Le prestataire qui traite la demande { $reference } a saisi toutes les { $hours } heures d’aide gratuite que reçoit cette organisation. Merci de décider avec lui si l’aide continue.

    { $link }

email-case-activity-subject = Dossier { $reference } : { $activity }
email-case-activity-body =
    Bonjour,

    Il y a du nouveau dans le dossier { $reference } : { $activity }. Connectez-vous pour le lire :

    { $link }

    Vous choisissez comment { $operator } vous signale l’activité sur votre page de notifications.
email-activity-case_message = un nouveau message
email-activity-case_file = un nouveau fichier
email-activity-case_resolved = le prestataire l’a marqué résolu
email-activity-case_reopened = le demandeur l’a rouvert
email-activity-case_closed = il est clos
email-notification-digest-subject = L’activité de vos dossiers aujourd’hui
email-notification-digest-body =
    Bonjour,

    { $count } événements dans vos dossiers depuis le dernier résumé. Connectez-vous pour les lire :

    { $link }

    Vous choisissez comment { $operator } vous signale l’activité sur votre page de notifications.
