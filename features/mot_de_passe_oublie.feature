# language: fr
@guide-2 @recuperation
Fonctionnalité: J'ai perdu/oublié mon mot de passe
  « Vous pouvez choisir de vous connecter avec FranceConnect. Sinon, au moment de vous
  connecter : cliquez sur "mot de passe oublié". Saisissez votre identifiant EduConnect et le
  mail rattaché à votre compte. Si l'adresse mail n'est pas reconnue, un message d'erreur
  s'affiche. » Le guide en donne deux raisons ; sans adresse rattachée, la Direction de
  l'école réinitialise le mot de passe depuis la console d'administration d'ÉduConnect.

  Choix de la pile de référence : le lien reçu par mail est valable 1 heure et ne sert qu'une fois.

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé

  @ent @G2-MDP-1 @G2-MDP-2
  Scénario: Le parent choisit un nouveau mot de passe grâce au lien reçu par mail
    Quand je clique sur "Mot de passe oublié ?" sur la page de connexion d'ÉduConnect
    Alors la page affiche "Vous pouvez choisir de vous connecter avec FranceConnect."
    Quand je saisis mon identifiant et l'adresse mail rattachée à mon compte
    Alors le message "Un mail contenant un lien pour choisir un nouveau mot de passe a été envoyé à cette adresse." s'affiche
    Quand je clique sur le lien de réinitialisation reçu par mail
    Et je choisis le nouveau mot de passe "Nouveau-2026!"
    Alors le message "Votre mot de passe a été modifié. Vous pouvez vous connecter." s'affiche
    Quand je me connecte depuis l'ENT avec mon identifiant et le mot de passe "Nouveau-2026!"
    Alors je suis connecté à l'ENT à mon nom

  Scénario: Le lien de réinitialisation ne sert qu'une fois
    Quand je demande un lien de réinitialisation de mon mot de passe
    Et je clique sur le lien de réinitialisation reçu par mail
    Et je choisis le nouveau mot de passe "Nouveau-2026!"
    Et je clique à nouveau sur le même lien de réinitialisation
    Alors le message "Ce lien a déjà été utilisé. Demandez-en un nouveau." s'affiche

  @reference
  Scénario: Le lien de réinitialisation expire au bout d'une heure
    Quand je demande un lien de réinitialisation de mon mot de passe
    Et 61 minutes se sont écoulées
    Et je clique sur le lien de réinitialisation reçu par mail
    Alors le message "Ce lien a expiré. Demandez-en un nouveau." s'affiche

  @G2-MDP-3 @G2-MDP-4
  Scénario: Si l'adresse mail n'est pas reconnue, un message d'erreur s'affiche avec les raisons possibles
    Quand je clique sur "Mot de passe oublié ?" sur la page de connexion d'ÉduConnect
    Et je saisis mon identifiant et une adresse mail rattachée à aucun compte
    Alors le message "L'adresse mail n'est pas reconnue." s'affiche
    Et la page affiche "Erreur de saisie dans l'adresse. Vérifiez que l'adresse est la bonne."
    Et la page affiche "Il n'y a pas d'adresse mail rattachée à votre compte. Dans ce cas, contactez la Direction de l'école qui pourra vous donner votre identifiant ou réinitialiser votre mot de passe depuis la Console d'administration d'EduConnect."

  @G2-MDP-2 @G2-MDP-3
  Scénario: Le lien n'est envoyé que si l'adresse mail est celle rattachée au compte de cet identifiant
    Soit un autre parent avec un compte ÉduConnect activé
    Quand je clique sur "Mot de passe oublié ?" sur la page de connexion d'ÉduConnect
    Et je saisis mon identifiant et l'adresse mail rattachée au compte de l'autre parent
    Alors le message "L'adresse mail n'est pas reconnue." s'affiche
    Et l'autre parent ne reçoit aucun mail

  @reference @G2-MDP-4
  Scénario: Sans adresse mail rattachée, la Direction réinitialise le mot de passe depuis la console
    Soit un parent connu de l'école dont le compte ÉduConnect n'a pas d'adresse mail rattachée
    Quand je clique sur "Mot de passe oublié ?" sur la page de connexion d'ÉduConnect
    Et je saisis mon identifiant et l'adresse mail que l'école connaît
    Alors le message "L'adresse mail n'est pas reconnue." s'affiche
    Quand la Direction de l'école réinitialise mon mot de passe depuis la console
    Alors je reçois le mail "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
    Quand je me connecte depuis l'ENT avec l'identifiant et le mot de passe provisoire du courrier
    Alors la page demande "Première connexion"
