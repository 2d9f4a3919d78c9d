# Conservation, gels juridiques et données personnelles.

hold-title = Gel juridique
hold-explain = Un dossier sous gel juridique n'est jamais supprimé, quelle que soit la durée de conservation, tant qu'un coordinateur ne lève pas le gel.
hold-purge-after = Selon la durée de conservation, ce dossier est supprimé après le { $date }.
hold-placed = Sous gel juridique depuis le { $date }, placé par { $name }. Il n'est pas supprimé tant que le gel dure.
hold-reason = Pourquoi le dossier doit être conservé
hold-reason-hint = Par exemple l'autorité ou la procédure qui l'exige. Qui lèvera le gel lira ce texte.
hold-place = Placer un gel juridique
hold-lift = Lever le gel juridique
hold-done-placed = Le dossier est sous gel juridique.
hold-done-lifted = Le gel juridique est levé ; la durée de conservation s'applique de nouveau.

account-data = Vos données : les télécharger, ou supprimer votre compte
data-title = Vos données
data-download-title = Télécharger vos données
data-download-explain = Un fichier (JSON) avec tout ce que le service détient sur vous : votre compte, vos appartenances, où vous vous êtes connecté, les demandes que vous avez déposées, les messages, fichiers, heures et avis que vous avez écrits, vos notifications, et ce que le journal d'audit indique que vous avez fait.
data-download = Télécharger mes données
data-erase-title = Supprimer votre compte
data-erase-explain = Votre nom et votre adresse e-mail sont remplacés par un pseudonyme, votre mot de passe, votre second facteur et vos sessions sont supprimés, et vos brouillons effacés. Vous ne pourrez plus vous connecter ; vous pourrez vous réinscrire avec la même adresse.
data-erase-kept = Les dossiers auxquels vous avez pris part appartiennent aux organisations aidées et restent, vos messages affichés sous le pseudonyme, jusqu'à la fin de leur durée de conservation. Le journal d'audit garde ses événements sous le pseudonyme.
data-erase-confirm = Je comprends que cette action est définitive.
data-erase-confirm-missing = Cochez la case pour confirmer que vous voulez supprimer votre compte.
data-erase-submit = Supprimer mon compte
data-erase-open-cases = Votre compte ne peut pas être supprimé tant que des dossiers que vous avez déposés sont ouverts : { $cases }. Retirez-les, ou attendez qu'ils soient clos.
data-erase-last-admin = Vous êtes le seul administrateur. Nommez d'abord quelqu'un d'autre administrateur, pour que le service puisse encore être géré.
notice-account-erased = Votre compte est supprimé.

# Actions (audit-<action avec des tirets à la place des points>)
audit-request-purge = Dossier supprimé (conservation)
audit-request-hold = Gel juridique placé
audit-request-release = Gel juridique levé
audit-user-erase = Compte effacé
audit-user-export = Données personnelles téléchargées
audit-audit-purge = Événements d'audit les plus anciens supprimés (conservation)
audit-retention-run = Purge de conservation effectuée
