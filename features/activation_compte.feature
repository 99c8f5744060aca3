# language: fr
@guide-1 @activation
Fonctionnalité: Créer ou activer son compte ÉduConnect (« Je n'ai pas de compte »)
  Le parent qui n'a pas encore de compte clique sur « Je n'ai pas de compte », puis :
  1. choisit d'activer son compte via son numéro de portable ou son adresse mail,
     qui doit être EXACTEMENT celui communiqué à l'école ;
  2. renseigne son nom et son prénom ;
  3. saisit le code de sécurité reçu par SMS ou mail pour valider son identité ;
  4. confirme être le représentant légal des élèves et indique leurs dates de naissance ;
  5. note son identifiant ÉduConnect et crée un mot de passe sécurisé.
  « Bravo, votre compte EduConnect est activé. »

  Le code expire au bout de 30 minutes (FAQ). Choix de la pile de référence, le guide
  étant muet : code à 6 chiffres, 3 essais par code, règle du mot de passe (8 caractères
  dont une majuscule, une minuscule, un chiffre et un caractère spécial), et les messages
  qui ne sont pas cités par le guide.

  Contexte:
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants

  @ent @G1-ACT-0 @G1-ACT-1 @G1-ACT-2 @G1-ACT-3 @G1-ACT-4 @G1-ACT-5 @G1-ACT-6
  Plan du scénario: Le parent active son compte <canal> puis se connecte à l'ENT
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code <canal> avec <contact> connu de l'école
    Et je renseigne mon nom et mon prénom
    Et je saisis le code de sécurité reçu <canal>
    Et je confirme être le représentant légal et j'indique les dates de naissance de mes enfants
    Alors mon identifiant ÉduConnect s'affiche, au format "p.nomXX"
    Et la page affiche "Votre mot de passe doit contenir au moins 8 caractères, dont une majuscule, une minuscule, un chiffre et un caractère spécial."
    Quand je crée le mot de passe "Rentree-2026!"
    Alors la page demande "Bravo, votre compte EduConnect est activé"
    Et mes enfants sont rattachés à mon compte
    Quand je me connecte depuis l'ENT avec mon nouvel identifiant et le mot de passe "Rentree-2026!"
    Alors je suis connecté à l'ENT à mon nom

    Exemples:
      | canal    | contact                |
      | par SMS  | mon numéro de portable |
      | par mail | mon adresse mail       |

  @G1-ACT-1
  Scénario: Le parent choisit de recevoir son code par SMS ou par mail
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Alors on me propose de recevoir mon code "par SMS" ou "par mail"

  @G1-ACT-7
  Scénario: Le numéro est reconnu quelle que soit son écriture
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable écrit au format international
    Alors la page demande "Mon identité"
    Quand je renseigne mon nom et mon prénom
    Alors un code de sécurité m'est envoyé par SMS

  @G1-ACT-7 @G3-NUM-1
  Scénario: Un numéro que l'école ne connaît pas est refusé
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec le numéro "06 00 00 00 01"
    Alors le message "Le numéro que vous avez renseigné ne vous a pas été attribué dans EduConnect" s'affiche

  @G1-ACT-7
  Scénario: Une adresse mail que l'école ne connaît pas est refusée
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par mail avec l'adresse "inconnue@exemple.test"
    Alors le message "L'adresse mail que vous avez renseignée ne vous a pas été attribuée dans ÉduConnect" s'affiche

  @G1-ACT-2
  Plan du scénario: Le nom et le prénom sont reconnus écrits autrement que par l'école
    Un parent écrit son nom comme il en a l'habitude : sans accents, en capitales, avec une
    espace au lieu du trait d'union. Choix de la pile de référence : la casse, les accents,
    les traits d'union, les apostrophes et les espaces en trop ne comptent pas.
    Soit un parent connu de l'école sous le nom "Lefèvre-Dupré" et le prénom "Hélène", sans compte ÉduConnect
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Et je renseigne le nom "<nom>" et le prénom "<prénom>"
    Alors un code de sécurité m'est envoyé par SMS

    Exemples:
      | nom              | prénom  |
      | LEFEVRE-DUPRE    | HELENE  |
      | lefevre dupre    | helene  |
      |  Lefèvre  Dupré  | Hélène  |

  @G1-ACT-2
  Scénario: Un nom qui ne correspond pas à celui connu de l'école est refusé
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Et je renseigne le nom "Personne" et le prénom "Inconnue"
    Alors le message "Le nom et le prénom saisis ne correspondent pas à ceux connus de l'école." s'affiche
    Et aucun code de sécurité ne m'est envoyé par SMS

  @reference @G3-CODE-2
  Scénario: Le code est encore valable au bout de 29 minutes
    Quand j'ai demandé un code de sécurité par SMS
    Et 29 minutes se sont écoulées
    Et je saisis le code de sécurité reçu par SMS
    Alors la page demande "Mes enfants"

  @reference @G3-CODE-1 @G3-CODE-2 @G3-CODE-3
  Scénario: Le code expire au bout de 30 minutes et « Réessayer » en envoie un nouveau
    Quand j'ai demandé un code de sécurité par SMS
    Et 31 minutes se sont écoulées
    Et je saisis le code de sécurité reçu par SMS
    Alors le message "Le code d'activation n'est plus valable. Veuillez recommencer" s'affiche
    Quand je clique sur le bouton "Réessayer"
    Alors un nouveau code de sécurité m'est envoyé par SMS
    Quand je saisis l'ancien code de sécurité
    Alors le message "Le code saisi est incorrect. Il vous reste 2 essai(s)." s'affiche
    Quand je saisis le code de sécurité reçu par SMS
    Alors la page demande "Mes enfants"

  @G1-ACT-3
  Scénario: Un code de sécurité vide est refusé avec un message, sans compter d'essai
    Quand j'ai demandé un code de sécurité par SMS
    Et je valide le code de sécurité sans le saisir
    Alors le message "Veuillez saisir le code de sécurité reçu." s'affiche
    Quand je saisis le code de sécurité reçu par SMS
    Alors la page demande "Mes enfants"

  @G1-ACT-3
  Scénario: Les essais de code sont limités
    Quand j'ai demandé un code de sécurité par SMS
    Et je saisis un code de sécurité erroné
    Alors le message "Le code saisi est incorrect. Il vous reste 2 essai(s)." s'affiche
    Quand je saisis un code de sécurité erroné
    Et je saisis un code de sécurité erroné
    Alors le message "Trop d'essais incorrects : ce code n'est plus valable. Demandez un nouveau code." s'affiche
    Quand je clique sur le bouton "Réessayer"
    Alors un nouveau code de sécurité m'est envoyé par SMS
    Quand je saisis l'ancien code de sécurité
    Alors le message "Le code saisi est incorrect. Il vous reste 2 essai(s)." s'affiche

  @G1-ACT-3
  Scénario: Un code remplacé par un nouveau code ne fonctionne plus
    Quand j'ai demandé un code de sécurité par SMS
    Et je clique sur le bouton "Recevoir un nouveau code"
    Alors un nouveau code de sécurité m'est envoyé par SMS
    Quand je saisis l'ancien code de sécurité
    Alors le message "Le code saisi est incorrect. Il vous reste 2 essai(s)." s'affiche
    Quand je saisis le code de sécurité reçu par SMS
    Alors la page demande "Mes enfants"

  @G1-ACT-4
  Scénario: Sans la confirmation d'être le représentant légal, l'inscription ne continue pas
    Quand j'ai validé le code de sécurité reçu par SMS
    Et j'indique les dates de naissance de mes enfants sans confirmer être le représentant légal
    Alors le message "Veuillez confirmer être le représentant légal des élèves." s'affiche
    Quand je confirme être le représentant légal et j'indique les dates de naissance de mes enfants
    Alors la page demande "Mon identifiant et mon mot de passe"

  @G1-ACT-9
  Scénario: Une date de naissance erronée n'empêche pas de continuer l'inscription
    Quand j'ai validé le code de sécurité reçu par SMS
    Et je confirme être le représentant légal et je me trompe sur la date de naissance de mon deuxième enfant
    Alors le message "La date de naissance saisie est incorrecte" s'affiche
    Quand je clique sur le bouton "Continuer mon inscription"
    Et je crée le mot de passe "Rentree-2026!"
    Alors la page demande "Bravo, votre compte EduConnect est activé"
    Et seul mon premier enfant est rattaché à mon compte

  @G1-ACT-5
  Scénario: Un mot de passe trop faible est refusé
    Quand j'ai validé le code de sécurité reçu par SMS
    Et je confirme être le représentant légal et j'indique les dates de naissance de mes enfants
    Et je crée le mot de passe "motdepasse"
    Alors le message "Le mot de passe ne respecte pas les règles de sécurité." s'affiche
    Quand je crée le mot de passe "Rentree-2026!"
    Alors la page demande "Bravo, votre compte EduConnect est activé"

  @ent @G1-ACT-11
  Scénario: Le second parent active son propre compte avec son propre numéro
    Soit le second parent de mes enfants, connu de l'école avec son propre numéro
    Quand j'active mon compte par SMS avec le mot de passe "Rentree-2026!"
    Et le second parent active son compte par SMS avec le mot de passe "Second-2026!"
    Alors nos deux identifiants ÉduConnect sont différents
    Et le second parent se connecte à l'ENT à son nom

  @G1-ACT-11
  Scénario: Un numéro déjà utilisé par un compte activé ne peut pas en activer un second
    Quand j'active mon compte par SMS avec le mot de passe "Rentree-2026!"
    Et je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Alors le message "Ce numéro est déjà utilisé par un compte ÉduConnect activé. Connectez-vous avec ce compte." s'affiche

  @reference
  Scénario: Une panne de la passerelle SMS est annoncée et l'on peut réessayer
    Soit la passerelle SMS en panne pour mon numéro
    Quand je clique sur "Je n'ai pas de compte" sur la page de connexion d'ÉduConnect
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Et je renseigne mon nom et mon prénom
    Alors le message "L'envoi du code de sécurité a échoué. Veuillez réessayer dans quelques instants." s'affiche
    Et aucun code de sécurité ne m'est envoyé par SMS
    Quand la passerelle SMS est rétablie
    Et je clique sur le bouton "Réessayer"
    Et je saisis le code de sécurité reçu par SMS
    Alors la page demande "Mes enfants"
