# language: fr
@guide-2 @recuperation
Fonctionnalité: J'ai perdu mon identifiant
  « Au moment de vous connecter, cliquez sur "Identifiant oublié". Saisissez l'adresse mail
  rattachée à votre compte. Un mail contenant votre identifiant est envoyé à cette adresse. »

  Choix de la pile de référence : une adresse qui n'est rattachée à aucun compte est signalée
  (« Cette adresse mail n'est rattachée à aucun compte ÉduConnect. ») et ne reçoit rien.

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé

  @ent @G2-ID-1 @G2-ID-2 @G2-ID-3
  Scénario: Le parent reçoit son identifiant par mail
    Quand je clique sur "Identifiant oublié ?" sur la page de connexion d'ÉduConnect
    Et je saisis l'adresse mail rattachée à mon compte
    Alors le message "Un mail contenant votre identifiant a été envoyé à cette adresse." s'affiche
    Et je reçois par mail "Votre identifiant ÉduConnect est : {mon identifiant}"

  @G2-ID-2
  Scénario: Une adresse mail rattachée à aucun compte est signalée et ne reçoit rien
    Quand je clique sur "Identifiant oublié ?" sur la page de connexion d'ÉduConnect
    Et je saisis une adresse mail rattachée à aucun compte
    Alors le message "Cette adresse mail n'est rattachée à aucun compte ÉduConnect." s'affiche
    Et cette adresse ne reçoit aucun mail
