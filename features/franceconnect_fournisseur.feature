# language: fr
@franceconnect
Fonctionnalité: Les écrans de FranceConnect, vus d'un service comme ÉduConnect
  Les scénarios de bout en bout de FranceConnect lui-même (france-connect/sources,
  quality/fcp/cypress/integration/usager) qui concernent un fournisseur de service,
  transcrits pour ÉduConnect. Chaque nom de scénario cite entre crochets le fichier de
  quality/fcp (ou la section de la norme) dont il reprend la règle. Les textes des pages
  sont ceux des sources de FranceConnect (back/apps/core-fcp/src/views et ses traductions).

  Ce que fait ÉduConnect de ce que FranceConnect lui renvoie (choix de la pile de référence) :
  « access_denied » (le parent est revenu sur ÉduConnect depuis le choix du compte) donne la
  page de connexion avec « Vous avez annulé la connexion avec FranceConnect. Vous pouvez vous
  connecter avec votre compte ÉduConnect. » ; toute autre erreur, « La connexion avec
  FranceConnect a échoué. … ». Le bouton FranceConnect y reste : le parent peut réessayer.

  @reference
  Scénario: [information-consentement.feature, « Information - FS public »] Après le fournisseur d'identité, FranceConnect montre ce qu'il va transmettre avant de revenir sur ÉduConnect
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "impots.gouv.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Alors la page demande "Vous allez vous connecter en tant que :"
    Et FranceConnect affiche mes prénoms et mon nom de naissance en capitales
    Et les données transmises sont "Nom de naissance", "Nom d’usage", "Prénom(s)", "Sexe", "Date de naissance", "Lieu de naissance", "Pays de naissance" et "Adresse email"
    Et ÉduConnect n'a reçu aucune réponse de FranceConnect
    Quand je clique sur "Continuer sur ÉduConnect"
    Alors la page demande "Je confirme mon identité"

  @reference
  Scénario: [connexion-sso-fcp-low.feature, « deux FS avec accès au même FI »] Avec une session FranceConnect ouverte, FranceConnect demande encore de confirmer avant de revenir sur ÉduConnect
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et j'ai activé mon compte ÉduConnect avec FranceConnect
    Et ma session ÉduConnect et celle de l'ENT sont terminées, pas celle de FranceConnect
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Alors la page demande "Vous allez vous connecter en tant que :"
    Et FranceConnect affiche mes prénoms et mon nom de naissance en capitales
    Quand je clique sur "Continuer sur ÉduConnect"
    Alors je suis connecté à l'ENT à mon nom

  @reference
  Scénario: [information-consentement.feature, « erreur Y470002 si consentement sans csrf »] Une confirmation sans son jeton CSRF est refusée et ne connecte pas
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "impots.gouv.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Et je retire le jeton CSRF du formulaire de confirmation
    Et je clique sur "Continuer sur ÉduConnect"
    Alors la page demande "Une erreur s’est produite"
    Et la page affiche "Erreur Y470002"
    Et le message "Votre session a expiré ou est invalide, fermez l’onglet de votre navigateur et reconnectez-vous." s'affiche
    Et ÉduConnect n'a reçu aucune réponse de FranceConnect
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: [fournisseur-service-retour.feature, « Retour après abandon de la connexion sur la mire »] Revenir sur ÉduConnect depuis le choix du compte : ÉduConnect reçoit access_denied et le parent peut réessayer
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je clique sur "Revenir sur ÉduConnect"
    Alors ÉduConnect a reçu de FranceConnect l'erreur "access_denied", décrite "User auth aborted", avec le state de sa demande et l'iss de FranceConnect
    Et je suis sur ÉduConnect
    Et le message "Vous avez annulé la connexion avec FranceConnect. Vous pouvez vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"

  @reference
  Scénario: [interaction-error-message.feature, TA01] Le parent annule chez le fournisseur d'identité : FranceConnect le ramène au choix du compte avec un message, sans le connecter
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "impots.gouv.fr"
    Et j'annule ma connexion chez le fournisseur d'identité
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"
    Et le message "La connexion à impots.gouv.fr n’a pas été possible. Veuillez réessayer ou choisir un autre moyen de connexion." s'affiche
    Et ÉduConnect n'a reçu aucune réponse de FranceConnect
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: [interaction-error-message.feature, TA02] Après avoir annulé, le parent réessaie avec le même compte et se connecte
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "impots.gouv.fr"
    Et j'annule ma connexion chez le fournisseur d'identité
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"
    Quand je choisis le compte "impots.gouv.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Alors la page demande "Vous allez vous connecter en tant que :"
    Quand je clique sur "Continuer sur ÉduConnect"
    Alors la page demande "Je confirme mon identité"

  @reference
  Scénario: [interaction-error-message.feature, TA03] Après avoir annulé, le parent choisit un autre compte et se connecte
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "impots.gouv.fr"
    Et j'annule ma connexion chez le fournisseur d'identité
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"
    Quand je choisis le compte "ameli.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Et je clique sur "Continuer sur ÉduConnect"
    Alors la page demande "Je confirme mon identité"

  @reference
  Scénario: [fournisseur-service-retour.feature, « Retour après erreur »] Depuis la page d'erreur de FranceConnect, le parent revient sur ÉduConnect, qui reçoit server_error
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "Démonstration"
    Et je me connecte chez le fournisseur d'identité avec l'identifiant "sans_mail" et le mot de passe "123"
    Alors la page demande "Une erreur s’est produite"
    Et la page affiche "Erreur Y600006"
    Et ÉduConnect n'a reçu aucune réponse de FranceConnect
    Quand je clique sur "Revenir sur ÉduConnect"
    Alors ÉduConnect a reçu de FranceConnect l'erreur "server_error", décrite "authentication aborted due to a technical error on the authorization server", avec le state de sa demande et l'iss de FranceConnect
    Et le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: [OIDC Core 3.1.2.7, RFC 6749 10.12] Le retour de FranceConnect présenté dans un autre navigateur est refusé
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et le retour de FranceConnect vers ÉduConnect sera retenu en chemin
    Quand je me connecte depuis l'ENT avec FranceConnect
    Et le retour retenu est présenté à ÉduConnect par un navigateur sans session
    Alors le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: [OIDC Core 3.1.3.2, RFC 6749 4.1.2] FranceConnect refuse un code d'autorisation déjà échangé
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je me connecte depuis l'ENT avec FranceConnect
    Alors la page demande "Je confirme mon identité"
    Quand ÉduConnect présente de nouveau à FranceConnect le code qu'il a reçu
    Alors FranceConnect refuse le code avec l'erreur "invalid_grant"

  @reference
  Scénario: [RFC 9207 2.4] Un retour qui porte l'iss d'un autre fournisseur d'identité est refusé
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et le retour de FranceConnect vers ÉduConnect sera retenu en chemin
    Quand je me connecte depuis l'ENT avec FranceConnect
    Et le retour retenu est présenté à ÉduConnect avec l'iss "https://fournisseur.exemple/api/v2"
    Alors le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: [RFC 6749 10.12] Une annulation qui ne répond pas à la demande de ce navigateur n'est pas prise pour celle du parent
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"
    Quand une annulation « access_denied » avec un autre state est présentée à ÉduConnect
    Alors le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT
