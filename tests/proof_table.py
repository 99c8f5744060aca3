"""The proofs' table: for each deliberate defect of the reference stack
(mock_services/faults.py), the scenarios that must catch it and the step of each
that must fail. tests/test_broken_reference.py runs them; the fault-coverage gate
(harness/fault_coverage.py) reads them. Plain data, importable outside pytest."""
from __future__ import annotations

LOGIN_PAGE = "La page de connexion d'ÉduConnect d'un responsable d'élève"
FC_ACTIVATION = "Le parent active son compte avec FranceConnect et arrive dans l'ENT avec ses enfants"
LOGOUT = "La déconnexion ferme l'ENT et ÉduConnect"
COPIED_COOKIES = "Après la déconnexion, une copie des cookies du navigateur n'ouvre plus rien"
FC_LOGOUT = "La déconnexion de l'ENT ferme aussi la session FranceConnect"
# features/conformance/fournisseur_de_service_saml.feature
SP_INITIATED = "[Profiles 4.1.2 à 4.1.4] La connexion demandée par l'ENT aboutit"
UNSOLICITED = "[Profiles 4.1.5] La connexion à l'initiative d'ÉduConnect, celle des tuiles, aboutit"
SINGLE_LOGOUT = "[Profiles 4.4, ÉduConnect FrEduUrlRetour] La déconnexion de l'ENT ferme aussi la session ÉduConnect"
URL_RETOUR_LOGOUT = "Un ENT qui se déconnecte par l'adresse FrEduUrlRetour ferme aussi ÉduConnect"
UNSIGNED = "[Profiles 4.1.3.5] Une réponse dont ni la réponse ni l'assertion ne sont signées est refusée"
FOREIGN_KEY = ("[Core 5, Metadata 2.4.1.1] Une réponse signée par une clé qui n'est pas celle d'ÉduConnect "
               "est refusée")
AUDIENCE = "[Core 2.5.1.4, Profiles 4.1.4.2] Une assertion destinée à un autre service est refusée"
EXPIRED = "[Core 2.5.1.2, Profiles 4.1.4.3] Une assertion expirée est refusée"
NOT_YET_VALID = "[Core 2.5.1.2] Une assertion qui n'est pas encore valable est refusée"
REPLAY = "[Profiles 4.1.4.5] Une réponse déjà utilisée est refusée"
IN_RESPONSE_TO = "[Profiles 4.1.4.3] Une réponse à une demande que l'ENT n'a pas faite est refusée"
IDP_LOGOUT = "[Profiles 4.4.3, 4.4.4] Une demande de déconnexion d'ÉduConnect ferme la session de l'ENT"
UNSIGNED_IDP_LOGOUT = "[Profiles 4.4.3.1] Une demande de déconnexion non signée ne ferme pas la session de l'ENT"
FOREIGN_IDP_LOGOUT = ("[Core 5, Metadata 2.4.1.1] Une demande de déconnexion signée par une autre clé ne ferme pas la "
                      "session de l'ENT")
OTHER_SESSION_LOGOUT = "[Core 3.7.3] Une demande de déconnexion pour une autre session ne ferme pas celle du parent"
UNSIGNED_LOGOUT_RESPONSE = "[Profiles 4.4.4.2] Une réponse de déconnexion non signée est refusée"
FOREIGN_LOGOUT_RESPONSE = "[Core 5, Metadata 2.4.1.1] Une réponse de déconnexion signée par une autre clé est refusée"
STILL_LOGGED_IN = "je suis toujours connecté à l'ENT"
ASKS_TO_LOG_IN_AGAIN = "« Mon compte » me demande de me connecter à nouveau"
CONFIRM_RESET = ("La console demande confirmation avant de réinitialiser un mot de passe, et ne réinitialise rien "
                 "sans elle")
OTHER_BROWSER = "[Profiles 4.1.4.3, 4.1.4.5] Une réponse à la demande d'un autre navigateur est refusée"
DESTINATION = "[Bindings 3.5.5.2] Une réponse adressée à une autre URL est refusée"
NO_REF_ID = "[ÉduConnect, FrEduCtRefId] Une réponse sans l'attribut de jointure est refusée"
UNKNOWN_USER = "[ÉduConnect, FrEduCtRefId] Un utilisateur d'ÉduConnect inconnu de l'ENT est refusé"
UNPADDED_CODE = "[ÉduConnect, FrEduCtRefId] Le code d'académie publié sans son zéro retrouve le parent"
OTHER_PREFIXES = "[ÉduConnect, FrEduCtRefId] La valeur {AAF} est trouvée après des valeurs d'autres préfixes"
SIGNED_REQUESTS = ("[Bindings 3.4.4.1, NIST SP 800-131A] L'ENT signe ses demandes d'authentification, en "
                   "RSA-SHA256")
SIGNED_LOGOUTS = "[Bindings 3.4.4.1, NIST SP 800-131A] L'ENT signe ses demandes de déconnexion en RSA-SHA256"
ENCRYPTED = "[Core 6.2, ÉduConnect] L'ENT déclare une clé de chiffrement et lit l'assertion chiffrée pour lui"
FOREIGN_ENCRYPTION = "[Core 6.1, 6.2] Une assertion chiffrée pour une autre clé est refusée"
CLOCK_AHEAD = "[Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 30 secondes est acceptée"
EXPIRED_5_MINUTES = "[Core 2.5.1.2, Profiles 4.1.4.3] Une assertion expirée depuis 5 minutes est refusée"
CLOCK_5MIN_AHEAD = "[Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 5 minutes est refusée"
CLOCK_2S_AHEAD = "[Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 2 secondes est acceptée"
CLOCK_1MIN_AHEAD = "[Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance d'une minute est acceptée"
ISSUED_EARLIER = "[Profiles 4.1.4.3] Une réponse émise il y a 2 minutes est acceptée"
FOUR_FIELDS = ("[ÉduConnect, FrEduCtRefId] Une valeur {AAF} qui n'a pas exactement trois champs ne connecte "
               "personne")

ATTACHED_CHILD = "Un parent qui a déjà un compte rattache l'élève d'une autre école depuis « Mon compte »"
CHOOSER = "Un ENT qui garde un compte par école fait choisir le compte, et chacun a son enfant"
BOTH_CHILDREN = "l'ENT affiche mes deux enfants"
REFUSED = "l'ENT refuse la connexion"
OTHER_PARENT = "l'ENT ne connecte pas cet autre parent"

# features/activation_compte.feature
ACTIVATION = "Le parent active son compte <canal> puis se connecte à l'ENT"
CODE_ATTEMPTS = "Les essais de code sont limités"
WRONG_CODE = 'le message "Le code saisi est incorrect. Il vous reste 2 essai(s)." s\'affiche'

# the field's login flow (features/connexion_ent.feature)
ACCOUNT_CHOICE = "ÉduConnect propose de créer ou d'activer un compte, ou de se connecter à un compte existant"
FIELD_FLOW = ("Comme sur le terrain, ÉduConnect vérifie le navigateur sans clic, puis reçoit la connexion sous les "
              "noms de champs du terrain")
BROWSER_CHECKED = ('ÉduConnect a vérifié mon navigateur à l\'étape "e1s1", qui s\'est renvoyée seule avec les '
                   'champs :')
STALE_KEY = "Une connexion recommencée avance la clé d'exécution, et une page périmée le dit puis recommence"


def wrapped(attack: str) -> str:
    """The conformance check of a wrapping attack (features/conformance/)."""
    rule = f"XML Signature Wrapping {attack.upper()}" if attack.startswith("xsw") else "XML Signature Wrapping par ID en double"
    return f"[Core 5.4.2, {rule}] Une réponse modifiée ({attack}) ne connecte pas un autre parent"


NOT_LOGGED_IN = "je ne suis pas connecté à l'ENT"
LOGGED_IN = "je suis connecté à l'ENT à mon nom"
RELEASED = "ÉduConnect transmet à l'ENT qui est le parent, champ par champ, et rien de plus"
RELEASED_EXACTLY = "ÉduConnect a transmis à l'ENT, pour cette connexion, exactement ces attributs :"

LETTER_SAYS = "Le courrier reçu par mail dit ce que le guide annonce"
LETTER_LINES = "le mail contient ces lignes :"
LETTER_MAIL = 'je reçois le mail "Mise à disposition de votre compte ÉduConnect Responsable d\'élève"'
TELESERVICES = "Les téléservices proposés diffèrent d'une école à l'autre"
FC_PAGE = "« Qu'est ce que FranceConnect ? » présente le service"
# FranceConnect's own screens (features/franceconnect_fournisseur.feature)
FC_CONFIRMATION = ("[information-consentement.feature, « Information - FS public »] Après le fournisseur d'identité, "
                   "FranceConnect montre ce qu'il va transmettre avant de revenir sur ÉduConnect")
FC_SSO_CONFIRMATION = ("[connexion-sso-fcp-low.feature, « deux FS avec accès au même FI »] Avec une session FranceConnect "
                       "ouverte, FranceConnect demande encore de confirmer avant de revenir sur ÉduConnect")
FC_CONFIRMATION_CSRF = ("[information-consentement.feature, « erreur Y470002 si consentement sans csrf »] Une "
                        "confirmation sans son jeton CSRF est refusée et ne connecte pas")
FC_BACK_FROM_CHOOSER = ("[fournisseur-service-retour.feature, « Retour après abandon de la connexion sur la mire »] "
                        "Revenir sur ÉduConnect depuis le choix du compte : ÉduConnect reçoit access_denied et le parent "
                        "peut réessayer")
FC_IDP_BACK = ("[interaction-error-message.feature, TA01] Le parent annule chez le fournisseur d'identité : "
               "FranceConnect le ramène au choix du compte avec un message, sans le connecter")
FC_RETRY_SAME = "[interaction-error-message.feature, TA02] Après avoir annulé, le parent réessaie avec le même compte et se connecte"
FC_RETRY_OTHER = "[interaction-error-message.feature, TA03] Après avoir annulé, le parent choisit un autre compte et se connecte"
FC_ERROR_BACK = ("[fournisseur-service-retour.feature, « Retour après erreur »] Depuis la page d'erreur de FranceConnect, "
                 "le parent revient sur ÉduConnect, qui reçoit server_error")
FC_OTHER_BROWSER = "[OIDC Core 3.1.2.7, RFC 6749 10.12] Le retour de FranceConnect présenté dans un autre navigateur est refusé"
FC_CODE_REUSED = "[OIDC Core 3.1.3.2, RFC 6749 4.1.2] FranceConnect refuse un code d'autorisation déjà échangé"
FC_MIX_UP = "[RFC 9207 2.4] Un retour qui porte l'iss d'un autre fournisseur d'identité est refusé"
FC_FORGED_CANCEL = ("[RFC 6749 10.12] Une annulation qui ne répond pas à la demande de ce navigateur n'est pas "
                    "prise pour celle du parent")
FC_CONFIRMATION_ASKED = 'la page demande "Vous allez vous connecter en tant que :"'
FC_CHOOSER_ASKED = 'la page demande "Je choisis un compte pour me connecter sur ÉduConnect"'
UNKNOWN_ADDRESS = "Si l'adresse mail n'est pas reconnue, un message d'erreur s'affiche avec les raisons possibles"
ADDRESS_NOT_RECOGNISED = 'le message "L\'adresse mail n\'est pas reconnue." s\'affiche'

# fault -> {scenario name: the step (its text, as the feature writes it) that must fail}
PROOFS: dict[str, dict[str, str]] = {
    "message-identifiants-incorrects": {
        "Un mot de passe erroné est refusé": 'le message "Identifiant ou mot de passe incorrect." s\'affiche',
        "Un identifiant inconnu est refusé avec le même message": 'le message "Identifiant ou mot de passe incorrect." s\'affiche'},
    "champs-obligatoires-ignores": {
        "L'identifiant et le mot de passe sont obligatoires": 'le champ "Identifiant" signale "Veuillez saisir votre identifiant."'},
    "verrouillage-absent": {
        "Après cinq échecs, le compte est bloqué pendant 15 minutes": 'le message "Suite à plusieurs tentatives infructueuses, votre compte est bloqué pendant 15 minutes." s\'affiche'},
    "verrouillage-permanent": {
        "Après cinq échecs, le compte est bloqué pendant 15 minutes": "je suis connecté à l'ENT à mon nom"},
    "echecs-jamais-remis-a-zero": {
        "Une connexion réussie remet les échecs à zéro : seuls cinq échecs à la suite bloquent le compte": LOGGED_IN},
    "profil-parent-absent": {
        "La page d'authentification de l'ENT propose les cinq profils": "on me propose les profils de connexion :",
        "Le profil « Parent » mène au choix du profil sur ÉduConnect": 'je choisis le profil "PARENT"',
        SP_INITIATED: "je me connecte depuis l'ENT avec mon identifiant et mon mot de passe"},
    "enfant-absent": {
        "Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant": "l'ENT affiche mon enfant et sa classe",
        ATTACHED_CHILD: BOTH_CHILDREN,
        CHOOSER: BOTH_CHILDREN},
    "slo-ignore": {
        LOGOUT: 'la page demande "Je sélectionne mon profil"'},
    "utilisateur-inconnu-accepte": {
        "Un utilisateur ÉduConnect que l'ENT ne connaît pas est refusé": 'le message "Votre compte académique n\'est pas reconnu dans l\'ENT. Merci de vous connecter avec vos identifiants ENT ou contactez votre établissement." s\'affiche',
        NO_REF_ID: REFUSED,
        UNKNOWN_USER: REFUSED},
    "charte-absente": {
        "La charte d'utilisation s'ouvre depuis la page d'authentification": 'la page "Charte d\'utilisation de l\'ENT" s\'affiche'},
    "profil-eleve-absent": {
        "Le profil « Parent » mène au choix du profil sur ÉduConnect": 'on me propose les profils "Responsable d\'élève" et "Élève"'},
    "aide-identifiant-absente": {
        LOGIN_PAGE: 'le champ obligatoire "Identifiant" est accompagné de l\'aide "Identifiant au format p.nomXX"'},
    "lien-identifiant-oublie-absent": {
        LOGIN_PAGE: 'la page propose les liens "Identifiant oublié ?", "Mot de passe oublié ?" et "Je n\'ai pas de compte"',
        "Le parent reçoit son identifiant par mail": 'je clique sur "Identifiant oublié ?" sur la page de connexion d\'ÉduConnect'},
    "franceconnect-absent": {
        LOGIN_PAGE: 'la page propose FranceConnect, "Le + pratique"'},
    "avertissement-compte-unique-absent": {
        LOGIN_PAGE: 'la page affiche "⚠ UN compte EduConnect par parent !"'},
    "mention-champs-obligatoires-absente": {
        LOGIN_PAGE: 'la page affiche "* Champ(s) obligatoire(s)"'},
    "expiration-code-ignoree": {
        "Le code expire au bout de 30 minutes et « Réessayer » en envoie un nouveau": 'le message "Le code d\'activation n\'est plus valable. Veuillez recommencer" s\'affiche'},
    "date-naissance-ignoree": {
        "Une date de naissance erronée n'empêche pas de continuer l'inscription": 'le message "La date de naissance saisie est incorrecte" s\'affiche'},
    "message-numero-inconnu": {
        "Un numéro que l'école ne connaît pas est refusé": 'le message "Le numéro que vous avez renseigné ne vous a pas été attribué dans EduConnect" s\'affiche'},
    # Activation and the direction console (issue 18)
    "lien-pas-de-compte-absent": {
        LOGIN_PAGE: 'la page propose les liens "Identifiant oublié ?", "Mot de passe oublié ?" et "Je n\'ai pas de compte"',
        ACTIVATION: 'je clique sur "Je n\'ai pas de compte" sur la page de connexion d\'ÉduConnect'},
    "canal-mail-absent": {
        "Le parent choisit de recevoir son code par SMS ou par mail": 'on me propose de recevoir mon code "par SMS" ou "par mail"'},
    "nom-non-verifie": {
        "Un nom qui ne correspond pas à celui connu de l'école est refusé": 'le message "Le nom et le prénom saisis ne correspondent pas à ceux connus de l\'école." s\'affiche'},
    "code-non-verifie": {
        CODE_ATTEMPTS: WRONG_CODE},
    "essais-non-comptes": {
        CODE_ATTEMPTS: 'le message "Trop d\'essais incorrects : ce code n\'est plus valable. Demandez un nouveau code." s\'affiche'},
    "ancien-code-valable": {
        "Un code remplacé par un nouveau code ne fonctionne plus": WRONG_CODE},
    "representant-legal-facultatif": {
        "Sans la confirmation d'être le représentant légal, l'inscription ne continue pas": 'le message "Veuillez confirmer être le représentant légal des élèves." s\'affiche'},
    "identifiant-sans-chiffres": {
        ACTIVATION: 'mon identifiant ÉduConnect s\'affiche, au format "p.nomXX"'},
    "mot-de-passe-longueur-seule": {
        "Un mot de passe trop faible est refusé": 'le message "Le mot de passe ne respecte pas les règles de sécurité." s\'affiche'},
    "message-compte-active": {
        ACTIVATION: 'la page demande "Bravo, votre compte EduConnect est activé"'},
    "numero-deja-utilise-accepte": {
        "Un numéro déjà utilisé par un compte activé ne peut pas en activer un second": 'le message "Ce numéro est déjà utilisé par un compte ÉduConnect activé. Connectez-vous avec ce compte." s\'affiche'},
    "console-coordonnees-du-compte": {
        "La direction retrouve le numéro et l'adresse mail que le parent a transmis": "la console indique le portable et l'adresse mail de la famille sans compte"},
    "rectification-sans-rattachement": {
        "La direction rectifie une date de naissance erronée : l'élève est rattaché au compte du parent": "« Mon compte » de ce parent liste ses deux enfants"},
    "console-numero-non-normalise": {
        "Le parent qui a changé de numéro l'indique à la direction, puis active son compte avec le nouveau": "le parent sans compte demande son code d'activation avec son nouveau numéro"},
    "franceconnect-nonce-ignore": {
        "ÉduConnect refuse un jeton d'identité dont le nonce n'est pas celui de la demande": 'le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-state-ignore": {
        "ÉduConnect refuse un retour de FranceConnect dont le state n'est pas celui de la demande": 'le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-mauvaise-cle": {
        FC_ACTIVATION: 'la page demande "Je confirme mon identité"',
        "Mot de passe oublié : le parent se connecte avec FranceConnect": "je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école"},
    "franceconnect-sans-confirmation": {
        FC_ACTIVATION: 'la page demande "Je confirme mon identité"'},
    "franceconnect-deconnexion-ignoree": {
        FC_LOGOUT: 'la page demande "Je choisis un compte pour me connecter sur ÉduConnect"'},
    "courriel-facultatif": {
        "L'adresse mail est obligatoire": 'le message "L\'adresse mail est obligatoire pour activer votre compte." s\'affiche'},
    "validite-courrier-ignoree": {
        "Un courrier de plus de 3 mois n'est plus valable": 'le message "Ce courrier n\'est plus valable : il date de plus de 3 mois. Demandez un nouveau courrier à la Direction de l\'école." s\'affiche'},
    "console-toutes-ecoles": {
        "La direction ne voit pas les familles d'une autre école": "la console ne liste pas la famille de l'autre école"},
    "identifiant-envoye-sans-compte": {
        "Une adresse mail rattachée à aucun compte est signalée et ne reçoit rien": "cette adresse ne reçoit aucun mail"},
    "lien-reinitialisation-reutilisable": {
        "Le lien de réinitialisation ne sert qu'une fois": 'le message "Ce lien a déjà été utilisé. Demandez-en un nouveau." s\'affiche'},
    "courriel-modifie-sans-validation": {
        "La nouvelle adresse mail n'est enregistrée qu'après le clic sur le lien d'activation": '« Mon compte » affiche l\'adresse mail "{adresse actuelle}"'},
    # The letter, recovery, FranceConnect's page, changing school (issue 18)
    "courrier-objet-different": {
        LETTER_SAYS: LETTER_MAIL,
        "La direction envoie le courrier à un parent sans compte": 'le parent sans compte reçoit le mail "Mise à disposition de votre compte ÉduConnect Responsable d\'élève"'},
    "courrier-adresse-relative": {
        LETTER_SAYS: LETTER_LINES,
        TELESERVICES: 'j\'ouvre l\'adresse des téléservices indiquée dans le courrier et je me connecte avec mon identifiant et le mot de passe "Rentree-2026!"'},
    "courrier-sans-presentation-du-compte": {
        LETTER_SAYS: LETTER_LINES},
    "courrier-premier-enfant-seulement": {
        "Le courrier nomme chacun des enfants du parent, avec sa classe": 'le courrier nomme chacun de ses deux enfants avec sa classe : "- {enfant}, {classe} (en tant que représentant légal)"'},
    "courrier-sans-activation-autonome": {
        LETTER_SAYS: LETTER_LINES},
    "mot-de-passe-provisoire-reutilisable": {
        "Le mot de passe provisoire ne sert qu'une fois": 'le message "Ce mot de passe provisoire a déjà été utilisé. Connectez-vous avec le mot de passe que vous avez choisi." s\'affiche'},
    "courrier-precedent-valable": {
        "Un nouveau courrier remplace le précédent": 'le message "Identifiant ou mot de passe incorrect." s\'affiche'},
    "identifiant-mail-sans-identifiant": {
        "Le parent reçoit son identifiant par mail": 'je reçois par mail "Votre identifiant ÉduConnect est : {mon identifiant}"'},
    "reinitialisation-adresse-d-un-autre-compte": {
        "Le lien n'est envoyé que si l'adresse mail est celle rattachée au compte de cet identifiant": ADDRESS_NOT_RECOGNISED},
    "message-adresse-non-reconnue": {
        UNKNOWN_ADDRESS: ADDRESS_NOT_RECOGNISED},
    "expiration-lien-reinitialisation-ignoree": {
        "Le lien de réinitialisation expire au bout d'une heure": 'le message "Ce lien a expiré. Demandez-en un nouveau." s\'affiche'},
    "reinitialisation-console-sans-effet": {
        "La direction réinitialise le mot de passe d'un parent qui l'a perdu": "le mail lui donne son identifiant habituel et un mot de passe provisoire qui ouvre la première connexion",
        "Sans adresse mail rattachée, la Direction réinitialise le mot de passe depuis la console": 'la page demande "Première connexion"'},
    "console-action-par-id": {
        "La direction ne peut pas réinitialiser le mot de passe d'un parent d'une autre école, même en modifiant le formulaire": 'le message "La page demandée n\'existe pas." s\'affiche'},
    "franceconnect-trait-d-union": {
        FC_PAGE: 'je clique sur le lien "Qu\'est ce que FranceConnect ?"'},
    "franceconnect-texte-ancien": {
        FC_PAGE: 'la page affiche "La solution de l\'État pour faciliter la connexion à vos services et démarches en ligne. Il permet d\'accéder à plus de 1400 services en utilisant un compte et un mot de passe que vous possédez déjà. Au choix : le compte impots.gouv.fr, ameli.fr, etc."'},
    "acs-sans-relais": {
        "Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant": LOGGED_IN},
    "jointure-sans-academie": {
        "Dans une autre académie, le compte est conservé aussi": "l'ENT affiche mon enfant dans sa nouvelle école"},
    "changement-ecole-nouvel-identifiant": {
        "Dans la même académie, l'identifiant et le mot de passe sont conservés": LOGGED_IN},
    "teleservices-dossier-principal": {
        TELESERVICES: "les services de chaque école de mes enfants sont listés"},
    "teleservices-services-premiere-ecole": {
        TELESERVICES: "les services de chaque école de mes enfants sont listés"},
    "signature-facultative": {
        UNSIGNED: REFUSED},
    "cle-de-signature-ignoree": {
        FOREIGN_KEY: REFUSED},
    "audience-ignoree": {
        AUDIENCE: REFUSED},
    "validite-ignoree": {
        EXPIRED: REFUSED,
        EXPIRED_5_MINUTES: REFUSED,
        CLOCK_5MIN_AHEAD: REFUSED,
        NOT_YET_VALID: REFUSED},
    "rejeu-accepte": {
        REPLAY: REFUSED},
    "inresponseto-ignore": {
        IN_RESPONSE_TO: REFUSED},
    "destination-ignoree": {
        DESTINATION: REFUSED},
    "non-sollicite-refuse": {
        UNSOLICITED: "je suis connecté à l'ENT à mon nom",
        REPLAY: "la même réponse d'ÉduConnect est présentée de nouveau à l'ENT par un navigateur sans session"},
    "slo-absent": {
        SINGLE_LOGOUT: "ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour",
        LOGOUT: 'la page demande "Je sélectionne mon profil"',
        FC_LOGOUT: 'je clique sur "S\'identifier avec FranceConnect" sur la page de connexion d\'ÉduConnect'},
    "session-ent-conservee": {
        SINGLE_LOGOUT: NOT_LOGGED_IN,
        LOGOUT: NOT_LOGGED_IN,
        FC_LOGOUT: NOT_LOGGED_IN},
    "code-academie-sans-zero-inconnu": {
        UNPADDED_CODE: LOGGED_IN},
    "premiere-valeur-seulement": {
        OTHER_PREFIXES: LOGGED_IN},
    "nombre-de-champs-ignore": {
        FOUR_FIELDS: REFUSED},
    "demande-non-signee": {
        SIGNED_REQUESTS: "la demande d'authentification de l'ENT était signée en RSA-SHA256"},
    "demande-signee-sha1": {
        SIGNED_REQUESTS: "la demande d'authentification de l'ENT était signée en RSA-SHA256"},
    "deconnexion-signee-sha1": {
        SIGNED_LOGOUTS: "une demande de déconnexion de l'ENT, s'il en a envoyé une, était signée en RSA-SHA256"},
    "demande-hors-navigateur": {
        OTHER_BROWSER: REFUSED},
    "session-ent-par-cookie": {
        COPIED_COOKIES: NOT_LOGGED_IN},
    "session-educonnect-par-cookie": {
        COPIED_COOKIES: 'la page demande "Je sélectionne mon profil"'},
    "deconnexion-idp-ignoree": {
        IDP_LOGOUT: "l'ENT a répondu à ÉduConnect par une réponse de déconnexion signée, en succès"},
    "deconnexion-idp-non-verifiee": {
        UNSIGNED_IDP_LOGOUT: STILL_LOGGED_IN,
        FOREIGN_IDP_LOGOUT: STILL_LOGGED_IN},
    "deconnexion-idp-non-signee-acceptee": {
        UNSIGNED_IDP_LOGOUT: STILL_LOGGED_IN},
    "reponse-deconnexion-non-verifiee": {
        UNSIGNED_LOGOUT_RESPONSE: "l'ENT refuse la réponse de déconnexion d'ÉduConnect",
        FOREIGN_LOGOUT_RESPONSE: "l'ENT refuse la réponse de déconnexion d'ÉduConnect"},
    "deconnexion-idp-tout-nameid": {
        OTHER_SESSION_LOGOUT: STILL_LOGGED_IN},
    "deconnexion-non-signee": {
        SINGLE_LOGOUT: "ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour"},
    "url-retour-sans-effet": {
        URL_RETOUR_LOGOUT: 'la page demande "Je sélectionne mon profil"'},
    "sans-cle-de-chiffrement": {
        ENCRYPTED: "l'assertion qu'ÉduConnect a envoyée à l'ENT était chiffrée"},
    "cle-exemple-acceptee": {
        FOREIGN_ENCRYPTION: REFUSED},
    "horloge-sans-tolerance": {
        CLOCK_2S_AHEAD: LOGGED_IN,
        CLOCK_AHEAD: LOGGED_IN,
        CLOCK_1MIN_AHEAD: LOGGED_IN},
    "reponse-recente-exigee": {
        ISSUED_EARLIER: LOGGED_IN},
    "attributs-en-trop": {
        RELEASED: RELEASED_EXACTLY},
    "prenom-nom-inverses": {
        RELEASED: RELEASED_EXACTLY},
    # The console, the letter, recovery
    "console-deconnexion-sans-effet": {
        "La direction se déconnecte de la console, puis s'y connecte avec son identifiant et son mot de passe":
            "la console me demande de me connecter pour l'ouvrir à nouveau"},
    "console-comptes-toutes-ecoles": {
        "La direction voit les familles de son école et l'état de leur compte":
            'la page affiche "Comptes activés : 1 sur 2 responsables"'},
    "console-filtre-etat-ignore": {
        "La direction recherche un responsable par nom, par classe et par état":
            "la console ne liste que la famille au compte activé"},
    "console-identifiant-tronque": {
        "La direction retrouve l'identifiant d'un parent":
            'le message "Identifiant de {parent au compte activé} : {son identifiant}" s\'affiche'},
    "courrier-identifiant-remplace": {
        "Première connexion avec le mot de passe provisoire, puis connexion à l'ENT": LOGGED_IN},
    "courriel-format-non-verifie": {
        "Une adresse mail invalide est refusée": 'le message "L\'adresse mail saisie n\'est pas valide." s\'affiche'},
    "courrier-consomme-avant-confirmation": {
        "Tant que l'adresse mail n'est pas confirmée, le compte n'est pas activé": 'la page demande "Première connexion"'},
    "courrier-valable-un-mois": {
        "Un courrier de moins de 3 mois est encore valable": 'la page demande "Première connexion"'},
    "noms-second-courrier-ignores": {
        "Les noms du second courrier doivent correspondre":
            'le message "Le nom et le prénom de ce compte ne correspondent pas aux vôtres : l\'élève n\'a pas été ajouté." s\'affiche'},
    "second-courrier-second-compte": {
        "UN compte EduConnect par parent : le second courrier n'ouvre pas un second compte":
            'le message "Cette adresse mail est déjà celle d\'un compte ÉduConnect activé (« UN compte EduConnect par parent ! »). Connectez-vous avec ce compte et rattachez l\'élève depuis « Mon compte »." s\'affiche'},
    "reinitialisation-non-enregistree": {
        "Le parent choisit un nouveau mot de passe grâce au lien reçu par mail": LOGGED_IN},
    "deplacement-double-inscription": {
        "Les téléservices proposés sont ceux de la nouvelle école":
            "les téléservices listent les services de la nouvelle école, et plus ceux de l'ancienne"},
    # Activation (features/activation_compte.feature)
    "numero-ecrit-tel-quel": {
        "Le numéro est reconnu quelle que soit son écriture": 'la page demande "Mon identité"'},
    "message-numero-pour-adresse": {
        "Une adresse mail que l'école ne connaît pas est refusée": 'le message "L\'adresse mail que vous avez renseignée ne vous a pas été attribuée dans ÉduConnect" s\'affiche'},
    "code-expire-a-15-minutes": {
        "Le code est encore valable au bout de 29 minutes": 'la page demande "Mes enfants"'},
    "compte-par-famille": {
        "Le second parent active son propre compte avec son propre numéro": "nos deux identifiants ÉduConnect sont différents"},
    "noms-compares-tels-quels": {
        "Le nom et le prénom sont reconnus écrits autrement que par l'école": "un code de sécurité m'est envoyé par SMS"},
    "panne-sms-silencieuse": {
        "Une panne de la passerelle SMS est annoncée et l'on peut réessayer": 'le message "L\'envoi du code de sécurité a échoué. Veuillez réessayer dans quelques instants." s\'affiche'},
    # The field's login flow (issue 15)
    "verification-navigateur-absente": {
        FIELD_FLOW: BROWSER_CHECKED},
    "verification-navigateur-par-clic": {
        FIELD_FLOW: BROWSER_CHECKED},
    "champs-connexion-renommes": {
        FIELD_FLOW: 'ÉduConnect a reçu ma connexion à l\'étape "e1s2" avec les champs :'},
    "connexion-sans-csrf": {
        FIELD_FLOW: "une connexion envoyée sans son csrf_token est refusée"},
    "choix-compte-absent": {
        ACCOUNT_CHOICE: 'on me propose les onglets "Créer/activer un compte EduConnect" et "Se connecter à un compte '
                        'existant"'},
    "execution-non-verifiee": {
        STALE_KEY: 'la page "Demande périmée" s\'affiche'},
    "cle-execution-fixe": {
        STALE_KEY: 'la page de connexion d\'ÉduConnect est à l\'étape "e2s2"'},
    "echec-champs-non-signales": {
        "Un mot de passe erroné est refusé": 'le champ "Identifiant" signale "Identifiant ou mot de passe incorrect."'},
    # FranceConnect at ÉduConnect (features/franceconnect.feature)
    "franceconnect-rattachement-oublie": {
        "Une fois son identité rattachée, le parent se connecte directement avec FranceConnect": LOGGED_IN},
    "franceconnect-inconnu-message-generique": {
        "Une identité FranceConnect que l'école ne connaît pas est refusée": 'le message "Votre identité FranceConnect ne correspond à aucun représentant légal connu des écoles. Vérifiez auprès de l\'école de votre enfant le nom et le prénom qu\'elle a enregistrés, ou connectez-vous avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-annulation-comme-erreur": {
        FC_BACK_FROM_CHOOSER: 'le message "Vous avez annulé la connexion avec FranceConnect. Vous pouvez vous connecter avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-erreur-sans-formulaire": {
        "Une erreur de FranceConnect ramène à la page de connexion avec un message": 'la page demande "Je me connecte avec mon compte ÉduConnect"',
        "Une erreur après la confirmation de FranceConnect ramène à la page de connexion avec un message": 'la page demande "Je me connecte avec mon compte ÉduConnect"'},
    # FranceConnect's own screens (issue 16)
    "franceconnect-page-confirmation-absente": {
        FC_CONFIRMATION: FC_CONFIRMATION_ASKED,
        FC_RETRY_SAME: FC_CONFIRMATION_ASKED},
    "franceconnect-sso-sans-page-confirmation": {
        FC_SSO_CONFIRMATION: FC_CONFIRMATION_ASKED},
    "franceconnect-confirmation-sans-csrf": {
        FC_CONFIRMATION_CSRF: 'la page demande "Une erreur s’est produite"'},
    "franceconnect-retour-description-ancienne": {
        FC_BACK_FROM_CHOOSER: 'ÉduConnect a reçu de FranceConnect l\'erreur "access_denied", décrite "User auth aborted", avec le state de sa demande et l\'iss de FranceConnect'},
    "franceconnect-annulation-fi-vers-service": {
        FC_IDP_BACK: FC_CHOOSER_ASKED,
        FC_RETRY_SAME: FC_CHOOSER_ASKED,
        FC_RETRY_OTHER: FC_CHOOSER_ASKED},
    "franceconnect-annulation-sans-message": {
        FC_IDP_BACK: 'le message "La connexion à impots.gouv.fr n’a pas été possible. Veuillez réessayer ou choisir un autre moyen de connexion." s\'affiche'},
    "franceconnect-erreur-sans-retour": {
        FC_ERROR_BACK: 'je clique sur "Revenir sur ÉduConnect"'},
    "franceconnect-code-reutilisable": {
        FC_CODE_REUSED: 'FranceConnect refuse le code avec l\'erreur "invalid_grant"'},
    "franceconnect-state-partage": {
        FC_OTHER_BROWSER: 'le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-iss-ignore": {
        FC_MIX_UP: 'le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s\'affiche'},
    "franceconnect-erreur-sans-state": {
        FC_FORGED_CANCEL: 'le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s\'affiche'},
    # « Mon compte » (features/mon_compte.feature)
    "lien-courriel-remplace-valable": {
        "Seul le lien de la dernière adresse saisie l'enregistre": 'le message "Ce lien d\'activation n\'est pas valable." s\'affiche'},
    "validite-lien-courriel-ignoree": {
        "Un lien d'activation de plus de 24 heures n'enregistre rien": 'le message "Ce lien d\'activation a expiré. Depuis « Mon compte », saisissez à nouveau la nouvelle adresse mail." s\'affiche'},
    "mot-de-passe-actuel-ignore": {
        "Un mot de passe actuel erroné est refusé": 'le message "Le mot de passe actuel est incorrect." s\'affiche'},
    "confirmation-mot-de-passe-ignoree": {
        "Une confirmation différente du nouveau mot de passe est refusée, et rien ne change": 'le message "Les deux nouveaux mots de passe saisis ne sont pas identiques." s\'affiche'},
    "renvoi-courriel-sans-envoi": {
        "Le courriel de validation peut être renvoyé": "la nouvelle adresse a reçu 2 courriels de validation"},
    "mot-de-passe-non-enregistre": {
        "Le parent change son mot de passe": LOGGED_IN,
        "Après le changement, l'ancien mot de passe n'ouvre plus le compte": 'le message "Identifiant ou mot de passe incorrect." s\'affiche'},
    # What people read (issue 15)
    "code-vide-sans-message": {
        "Un code de sécurité vide est refusé avec un message, sans compter d'essai":
            'le message "Veuillez saisir le code de sécurité reçu." s\'affiche'},
    "compte-deconnexion-sans-effet": {
        "« Se déconnecter » depuis « Mon compte » ferme la session ÉduConnect": ASKS_TO_LOG_IN_AGAIN,
        "« Mes services » propose aussi de se déconnecter": ASKS_TO_LOG_IN_AGAIN},
    "compte-sans-retour-ent": {
        "Depuis « Mon compte » et « Mes services », le parent revient à l'ENT d'où il vient":
            'je clique sur le lien "Retour à l\'ENT"'},
    "mes-services-sans-navigation": {
        "« Mes services » propose aussi de se déconnecter": 'je clique sur le bouton "Se déconnecter"'},
    "console-reinitialisation-sans-confirmation": {
        CONFIRM_RESET: 'la page affiche "Réinitialiser le mot de passe de {parent au compte activé} ?"',
        "Annuler la réinitialisation ne change rien": 'je réponds "Annuler" à la confirmation'},
    "console-reinitialisation-avant-confirmation": {CONFIRM_RESET: "son mot de passe fonctionne toujours"},
    "console-annulation-ignoree": {"Annuler la réinitialisation ne change rien":
                                   'le message "La réinitialisation du mot de passe de {parent au compte activé} est annulée : rien n\'a changé." s\'affiche'},
    # the attacks each naive reader falls for (tests/test_saml_attacks.py, WRAPPED)
    "lecture-naive": {wrapped(a): OTHER_PARENT for a in ("xsw1", "xsw2", "xsw3", "xsw4", "xsw5", "xsw6", "xsw8",
                                                         "id-confusion")},
    "lecture-naive-premiere": {wrapped("xsw7"): OTHER_PARENT},
}
