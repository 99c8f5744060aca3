# language: fr
@guide-1 @courrier
Fonctionnalité: Le courrier de l'école : identifiant et mot de passe provisoire
  « Vous avez reçu un mail de la direction de l'établissement scolaire. Cliquez sur le lien. »
  Le courrier « Mise à disposition de votre compte ÉduConnect Responsable d'élève » donne un
  identifiant et un mot de passe provisoire ; il faut alors « renseigner obligatoirement une
  adresse mail valide pour activer un nouveau compte ».

  Choix de la pile de référence (faits connus d'ÉduConnect, le guide étant muet) : le courrier
  est valable 3 mois ; l'adresse mail est confirmée par un lien reçu par mail (valable 24 heures)
  avant que le parent choisisse son mot de passe ; le mot de passe provisoire ne sert qu'une
  fois, et un nouveau courrier remplace le précédent ; un parent qui a déjà un compte rattache
  l'élève depuis « Mon compte ». Le courrier écrit « L'École élémentaire Jules Ferry vous
  informe… » quand le nom de l'école dit ce qu'elle est, et « L'école E.E.P.U JULES FERRY … »,
  comme le guide, sinon.

  Contexte:
    Soit un parent connu de l'école, sans compte, à qui la direction a envoyé le courrier ÉduConnect

  @G1-LET-1 @G1-LET-2 @G1-LET-3 @G1-LET-4 @G1-LET-5 @G1-LET-6 @G1-LET-7 @G1-LET-8 @G1-LET-9
  Scénario: Le courrier reçu par mail dit ce que le guide annonce
    Alors je reçois le mail "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
    Et le mail contient ces lignes :
      """
      {civilité} {NOM}
      L'{école} vous informe que vous disposez d'un compte Éduconnect.
      Ce compte unique est personnel. Il simplifie vos accès aux services numériques des écoles et des établissements scolaires et vos démarches en ligne liées à la scolarité de l'ensemble des élèves sous votre responsabilité.
      Vous le conservez même en cas de changement d'école ou d'académie.
      Pour l'école, il vous permet d'accéder aux services concernant :
      - {enfant}, {classe} (en tant que représentant légal)
      Pour accéder à vos services, allez à l'adresse internet suivante : {téléservices}
      Si vous avez déjà activé un compte ÉduConnect ou si vous utilisez FranceConnect pour d'autres écoles ou établissements, vous pouvez vous connecter et rattacher cet élève à votre compte.
      Si vous n'avez pas encore activé de compte, vous pouvez le faire très simplement avec le lien « Je n'ai pas de compte » ou avec FranceConnect en utilisant le numéro de téléphone portable ou l'adresse mail que vous avez fourni à l'école.
      Si non, vous devez indiquer sur la page de connexion ÉduConnect, les identifiant et mot de passe ci-dessous et renseigner obligatoirement une adresse mail valide pour activer un nouveau compte :
      Identifiant : {identifiant}
      Mot de passe provisoire : {mot de passe provisoire}
      """

  @ent @G1-LET-9
  Scénario: Première connexion avec le mot de passe provisoire, puis connexion à l'ENT
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors la page demande "Première connexion"
    Quand je renseigne mon adresse mail
    Alors le message "Un courriel de validation a été envoyé à {mon adresse mail}. Cliquez sur le lien qu'il contient pour continuer." s'affiche
    Quand je clique sur le lien reçu par mail
    Et je crée le mot de passe "Rentree-2026!"
    Alors la page demande "Bravo, votre compte EduConnect est activé"
    Quand je me connecte depuis l'ENT avec l'identifiant du courrier et le mot de passe "Rentree-2026!"
    Alors je suis connecté à l'ENT à mon nom

  @G1-LET-9
  Scénario: L'adresse mail est obligatoire
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Et je valide sans renseigner d'adresse mail
    Alors le message "L'adresse mail est obligatoire pour activer votre compte." s'affiche

  @G1-LET-9
  Scénario: Une adresse mail invalide est refusée
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Et je renseigne l'adresse mail "parent-sans-arobase.exemple.test"
    Alors le message "L'adresse mail saisie n'est pas valide." s'affiche

  Scénario: Tant que l'adresse mail n'est pas confirmée, le compte n'est pas activé
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Et je renseigne mon adresse mail
    Et je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors la page demande "Première connexion"
    Quand je renseigne mon adresse mail
    Et je clique sur le bouton "Renvoyer le mail"
    Alors le message "Un courriel de validation a été renvoyé à {mon adresse mail}. Cliquez sur le lien qu'il contient pour continuer." s'affiche
    Et j'ai reçu 3 mails de validation

  @reference
  Scénario: Un courrier de plus de 3 mois n'est plus valable
    Quand 3 mois et un jour se sont écoulés
    Et je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors le message "Ce courrier n'est plus valable : il date de plus de 3 mois. Demandez un nouveau courrier à la Direction de l'école." s'affiche

  @reference
  Scénario: Un courrier de moins de 3 mois est encore valable
    Quand 2 mois se sont écoulés
    Et je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors la page demande "Première connexion"

  Scénario: Le mot de passe provisoire ne sert qu'une fois
    Quand j'active mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors le message "Ce mot de passe provisoire a déjà été utilisé. Connectez-vous avec le mot de passe que vous avez choisi." s'affiche

  Scénario: Un nouveau courrier remplace le précédent
    Quand la direction de l'école m'envoie un nouveau courrier
    Et je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du premier courrier
    Alors le message "Identifiant ou mot de passe incorrect." s'affiche
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du nouveau courrier
    Alors la page demande "Première connexion"

  @ent @G1-LET-7
  Scénario: Un parent qui a déjà un compte rattache l'élève d'une autre école depuis « Mon compte »
    Soit j'ai activé mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et une autre école de l'académie, où est scolarisé un autre de mes enfants, m'a envoyé son courrier
    Quand je me connecte à « Mon compte » d'ÉduConnect avec mon identifiant et le mot de passe "Rentree-2026!"
    Et j'ajoute des élèves depuis un autre compte avec l'identifiant et le mot de passe provisoire du second courrier
    Alors le message "Élève(s) ajouté(s) à votre compte : {second enfant}." s'affiche
    Et « Mon compte » liste mes deux enfants
    # déjà connecté à ÉduConnect : l'ENT ouvre la session sans redemander le mot de passe
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors l'ENT affiche mes deux enfants

  @reference
  Scénario: Un ENT qui garde un compte par école fait choisir le compte, et chacun a son enfant
    Comme l'ENT le plus déployé, l'ENT garde un compte par dossier d'école et demande
    « Choisissez le compte pour vous connecter : ».
    Soit un ENT qui fait choisir le compte d'un parent inscrit dans plusieurs écoles
    Et j'ai activé mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et une autre école de l'académie, où est scolarisé un autre de mes enfants, m'a envoyé son courrier
    Et j'ai rattaché l'élève du second courrier à mon compte
    Quand je me connecte depuis l'ENT avec l'identifiant du courrier et le mot de passe "Rentree-2026!"
    Alors l'ENT affiche mes deux enfants

  @reference
  Scénario: Les noms du second courrier doivent correspondre
    Soit j'ai activé mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et un autre parent d'une autre école a reçu son courrier
    Quand je me connecte à « Mon compte » d'ÉduConnect avec mon identifiant et le mot de passe "Rentree-2026!"
    Et j'ajoute des élèves depuis un autre compte avec l'identifiant et le mot de passe provisoire du second courrier
    Alors le message "Le nom et le prénom de ce compte ne correspondent pas aux vôtres : l'élève n'a pas été ajouté." s'affiche

  @reference @G1-ACT-11
  Scénario: UN compte EduConnect par parent : le second courrier n'ouvre pas un second compte
    Soit j'ai activé mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et une autre école de l'académie, où est scolarisé un autre de mes enfants, m'a envoyé son courrier
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du second courrier
    Et je renseigne mon adresse mail
    Alors le message "Cette adresse mail est déjà celle d'un compte ÉduConnect activé (« UN compte EduConnect par parent ! »). Connectez-vous avec ce compte et rattachez l'élève depuis « Mon compte »." s'affiche

  @reference @G0-INTRO-1 @G1-LET-1 @G1-LET-6 @G3-ECOLE-2
  Scénario: Les téléservices proposés diffèrent d'une école à l'autre
    Soit j'ai activé mon compte avec le courrier et le mot de passe "Rentree-2026!"
    Et une autre école de l'académie, où est scolarisé un autre de mes enfants, m'a envoyé son courrier
    Et j'ai rattaché l'élève du second courrier à mon compte
    Quand j'ouvre l'adresse des téléservices indiquée dans le courrier et je me connecte avec mon identifiant et le mot de passe "Rentree-2026!"
    Alors la page affiche "Les services qui vous sont proposés une fois connecté à votre espace EduConnect sont mis à disposition par l'établissement dans lequel est scolarisé votre enfant. Ils peuvent donc être différents d'un établissement à l'autre."
    Et les services de chaque école de mes enfants sont listés
