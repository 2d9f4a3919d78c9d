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
