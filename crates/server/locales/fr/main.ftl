# Mise en page
skip-link = Aller au contenu principal
site-tagline = Aide gratuite en cybersécurité pour la santé
nav-label = Principale
nav-home = Accueil
nav-ask = Demander de l’aide
nav-eligibility = Qui peut demander
nav-how = Comment ça marche
nav-catalogue = Services
language-switcher-label = Langue
footer-operated-by = Service géré par { $operator }.
footer-contact = Écrire aux coordinateurs : { $email }
footer-free = Tous les services proposés ici sont gratuits et sans contrepartie.

# Accueil
home-title = Aide gratuite en cybersécurité pour les organisations de santé
home-lead = Hôpitaux, cliniques, laboratoires, établissements de soins et autres organisations de santé peuvent demander l’aide gratuite d’entreprises de sécurité vérifiées. Les coordinateurs examinent chaque demande, trouvent le bon intervenant et vous accompagnent jusqu’à ce que le problème soit résolu.
home-ask = Demander de l’aide
home-check-eligibility = Vérifier qui peut demander
home-under-attack-title = Vous êtes attaqué en ce moment ?
home-under-attack-1 = Déconnectez du réseau les ordinateurs touchés, sans les éteindre : ce qui est en mémoire peut aider l’enquête.
home-under-attack-2 = Ne payez pas de rançon et ne contactez pas les attaquants avant d’avoir parlé à quelqu’un.
home-under-attack-3 = Notez ce que vous voyez et quand : messages à l’écran, noms de fichiers, heures.
home-under-attack-4 = Si votre messagerie est peut-être compromise, contactez-nous depuis un autre compte ou par téléphone.
home-steps-title = Comment nous aidons
home-step-ask-title = Vous demandez
home-step-ask = Décrivez avec vos mots ce qui se passe. Cela prend quelques minutes.
home-step-triage-title = Nous évaluons
home-step-triage = Les coordinateurs examinent votre demande et la classent par urgence : l’atteinte aux soins passe en premier.
home-step-match-title = Nous mettons en relation
home-step-match = Nous proposons votre cas à un prestataire vérifié qui parle votre langue et en a le temps.
home-step-help-title = Il vous aide
home-step-help = Le prestataire travaille avec vous, gratuitement, jusqu’à ce que le problème soit résolu.
home-catalogue-title = Services proposés
home-catalogue-lead = { $count ->
    [0] Aucun service n’est encore publié ; les coordinateurs trouvent tout de même de l’aide pour chaque demande.
    [one] Un service gratuit d’un prestataire vérifié.
   *[other] { $count } services gratuits de prestataires vérifiés.
}
home-catalogue-link = Voir tous les services

# Demander de l’aide
ask-title = Demander de l’aide
ask-lead = Dites aux coordinateurs ce qui se passe. Vous n’avez pas besoin de savoir de quel type d’aide vous avez besoin.
ask-prepare-title = Ce qu’il faut nous dire
ask-prepare-org = Votre organisation : son nom, son type et son pays.
ask-prepare-what = Ce qui se passe, avec vos mots, et depuis quand.
ask-prepare-impact = Si les soins sont touchés : dossiers patients, imagerie, laboratoire, pharmacie, dispositifs médicaux ou accueil des urgences.
ask-prepare-contact = Comment vous joindre, et les langues que vous parlez.
ask-how-title = Comment joindre les coordinateurs
ask-how-email = Écrivez à { $email }.
ask-how-no-files = Ne joignez ni logiciel malveillant ni données de patients : le coordinateur vous dira comment partager des fichiers en sécurité.
ask-compromised = Si votre messagerie est peut-être compromise, écrivez depuis un autre compte et indiquez un numéro de téléphone.
ask-next-title = Et ensuite
ask-next-1 = Un coordinateur lit votre demande et vous répond, les incidents critiques en premier.
ask-next-2 = Une fois votre organisation vérifiée, votre cas est proposé à un prestataire qui peut aider.
ask-next-3 = Le prestataire ne voit qu’un résumé tant qu’il n’a pas accepté ; le nom de votre organisation ne lui est communiqué qu’ensuite.
ask-eligibility-link = Vérifier si votre organisation peut demander

# Qui peut demander
eligibility-title = Qui peut demander de l’aide
eligibility-lead = Le service s’adresse aux organisations qui soignent des patients ou soutiennent le secteur de la santé, et aux personnes qui y travaillent.
eligibility-kinds-title = Organisations qui peuvent demander
eligibility-conditions-title = Conditions
eligibility-condition-verify = Nous vérifions chaque organisation avant de communiquer son cas à un prestataire.
eligibility-condition-free = L’aide est gratuite. Les prestataires s’engagent à ne rien vous vendre à cette occasion.
eligibility-condition-consent = Rien de votre cas n’est communiqué à un prestataire sans votre accord.
eligibility-condition-scope = Nous aidons en cybersécurité : incidents, protection, formation et conseil. Nous ne remplaçons pas votre prestataire informatique et ne donnons pas de conseil juridique.
eligibility-not-sure = Vous hésitez ? Demandez quand même : un coordinateur vous répondra.

# Comment ça marche
how-title = Comment ça marche
how-lead = Trois parties travaillent ensemble : votre organisation, les coordinateurs qui gèrent ce service, et des prestataires vérifiés qui donnent leur temps gratuitement.
how-steps-title = De la demande à la solution
how-step-1 = Vous décrivez ce qui se passe, avec vos mots et dans votre langue.
how-step-2 = Un coordinateur vérifie votre organisation et classe la demande par urgence.
how-step-3 = La demande est proposée au prestataire le plus adapté qui a de la disponibilité. S’il ne peut pas répondre à temps, le suivant la reçoit aussitôt.
how-step-4 = Le prestataire accepte et travaille avec vous ; les coordinateurs restent dans la conversation.
how-step-5 = Quand le problème est résolu, vous le confirmez et chacun dit comment cela s’est passé.
how-urgency-title = Le plus urgent d’abord
how-urgency-lead = Les coordinateurs classent les demandes par urgence :
urgency-critical = Critique
urgency-critical-help = un incident en cours qui touche les soins, ou un rançongiciel qui se propage.
urgency-high = Élevée
urgency-high-help = un incident en cours sans atteinte aux soins, ou une fuite de données en cours.
urgency-medium = Moyenne
urgency-medium-help = une compromission suspectée, ou un besoin urgent de renforcement.
urgency-low = Faible
urgency-low-help = aide préventive : formation, évaluation, conseil.
how-confidentiality-title = Vos informations restent confidentielles
how-confidentiality-1 = Un prestataire ne voit d’abord qu’un résumé : le type d’aide, l’urgence, le type d’organisation, le pays et les langues.
how-confidentiality-2 = Le nom de votre organisation et vos coordonnées ne sont communiqués qu’au prestataire qui accepte votre cas.
how-confidentiality-3 = Aucun autre prestataire n’apprend jamais que votre cas existe.
how-confidentiality-4 = Chaque message et chaque fichier porte un marquage Traffic Light Protocol (TLP) qui dit qui peut le voir.
how-providers-title = Pour les entreprises de sécurité
how-providers = Les prestataires sont vérifiés par les coordinateurs et s’engagent à aider gratuitement, sans vente additionnelle, en toute confidentialité et selon un code de conduite.

# Types d’organisation
kind-hospital = Hôpital
kind-care_facility = Établissement de soins (EHPAD, soins de longue durée)
kind-clinic = Clinique ou cabinet médical
kind-laboratory = Laboratoire
kind-clinician = Professionnel de santé
kind-pharmaceutical_company = Entreprise pharmaceutique
kind-life_sciences_company = Entreprise des sciences de la vie
kind-medical_device_company = Fabricant de dispositifs médicaux
kind-ngo = ONG de santé
kind-international_ngo = ONG internationale

# Erreurs
error-not-found-title = Page introuvable
error-not-found = Il n’y a pas de page à cette adresse. Elle a peut-être été déplacée, ou le lien est incomplet.
error-method-title = Action non permise ici
error-method = Cette adresse n’accepte pas ce type de requête.
error-bad-request-title = Requête incomprise
error-bad-request = Ce qui a été envoyé n’a pas pu être compris. Revenez en arrière et réessayez.
error-forbidden-title = Requête refusée
error-forbidden = Cette requête venait d’un autre site et a été refusée pour vous protéger. Revenez en arrière, rechargez la page et réessayez.
error-too-large-title = Trop de données
error-too-large = Ce qui a été envoyé dépasse ce que ce service accepte.
error-timeout-title = Délai dépassé
error-timeout = La requête a pris trop de temps et a été interrompue. Veuillez réessayer.
error-internal-title = Une erreur est survenue
error-internal = L’erreur a été enregistrée. Veuillez réessayer ; si cela se reproduit, prévenez les coordinateurs en citant la référence ci-dessous.
error-unavailable-title = Momentanément indisponible
error-unavailable = Le service n’arrive pas à joindre sa base de données pour le moment. Veuillez réessayer dans une minute.
error-reference = Référence : { $id }
error-home = Aller à l’accueil

# Messages pour les valeurs refusées (affichés à côté des champs)
invalid-empty = Ce champ est obligatoire.
invalid-too-long = Utilisez au plus { $limit } caractères.
invalid-too-short = Utilisez au moins { $limit } caractères.
invalid-too-common = Ce mot de passe fait partie des plus courants ; les attaquants l’essaient en premier. Choisissez-en un autre.
invalid-in-future = Ce moment est dans le futur ; indiquez celui où c’est arrivé.
invalid-required = Cochez cette case pour continuer.
invalid-date_time = Saisissez une date et une heure, par exemple 29/11/2026 08:30.
invalid-duplicate = Cette valeur est donnée deux fois ; ne la donnez qu’une fois.
invalid-out-of-range = Saisissez un nombre entier de { $min } à { $max }.
invalid-region = « { $value } » n’est ni un code pays ISO 3166-1 (comme FR ou CH) ni une région de la liste.
invalid-email_address = Saisissez une adresse e-mail, par exemple nom@example.org.
invalid-country = Choisissez un pays dans la liste.
invalid-language_tag = Choisissez une langue dans la liste.
invalid-requester_kind = Choisissez le type d’organisation dans la liste.
invalid-service_category = Choisissez un type d’aide dans la liste.
invalid-urgency = Choisissez une urgence dans la liste.
invalid-tlp = Choisissez un marquage TLP : CLEAR, GREEN, AMBER, AMBER+STRICT ou RED.
invalid-delivery = Choisissez à distance, sur place, ou les deux.
invalid-visibility = Choisissez qui peut voir ceci.
invalid-staff_role = Choisissez coordinateur ou administrateur.
invalid-state = Cet état n’est pas connu.
invalid-id = Ce lien est incomplet ou abîmé.
invalid-password = Choisissez un autre mot de passe.
