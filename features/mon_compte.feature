# language: fr
@guide-3 @mon-compte
Fonctionnalité: Mon compte : changer d'adresse mail et de mot de passe
  « Une fois connecté à votre espace EduConnect, dans "Mon compte", saisissez la nouvelle
  adresse mail. Un courriel de validation est transmis à cette nouvelle adresse. Cliquez sur
  le lien d'activation pour l'enregistrer. »

  Choix de la pile de référence : l'ancienne adresse reste en vigueur jusqu'au clic ; le lien
  est valable 24 heures et peut être renvoyé ; le mot de passe se change avec l'actuel, le
  nouveau et sa confirmation.

  La connexion à « Mon compte » est préparée par la pile de référence ; la connexion par le
  formulaire d'ÉduConnect est vérifiée par les scénarios du courrier de l'école.

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé
    Et je suis connecté à « Mon compte » d'ÉduConnect

  @G3-MAIL-1 @G3-MAIL-2
  Scénario: La nouvelle adresse mail n'est enregistrée qu'après le clic sur le lien d'activation
    Quand je saisis une nouvelle adresse mail
    Alors le message "Un courriel de validation a été envoyé à {nouvelle adresse}. Cliquez sur le lien d'activation pour l'enregistrer." s'affiche
    Et « Mon compte » affiche l'adresse mail "{adresse actuelle}"
    Quand je clique sur le lien d'activation reçu à la nouvelle adresse
    Alors le message "Votre nouvelle adresse mail est enregistrée : {nouvelle adresse}." s'affiche
    Quand je retourne sur « Mon compte »
    Alors « Mon compte » affiche l'adresse mail "{nouvelle adresse}"

  @G3-MAIL-2
  Scénario: Le courriel de validation peut être renvoyé
    Quand je saisis une nouvelle adresse mail
    Et je clique sur le bouton "Renvoyer le mail"
    Alors la nouvelle adresse a reçu 2 courriels de validation

  @reference
  Scénario: Un lien d'activation de plus de 24 heures n'enregistre rien
    Quand je saisis une nouvelle adresse mail
    Et 1441 minutes se sont écoulées
    Et je clique sur le lien d'activation reçu à la nouvelle adresse
    Alors le message "Ce lien d'activation a expiré. Depuis « Mon compte », saisissez à nouveau la nouvelle adresse mail." s'affiche

  Scénario: Le parent change son mot de passe
    Quand je change mon mot de passe pour "Nouveau-2026!"
    Alors le message "Votre mot de passe a été modifié." s'affiche
    Quand je me déconnecte d'ÉduConnect
    Et je me connecte depuis l'ENT avec mon identifiant et le mot de passe "Nouveau-2026!"
    Alors je suis connecté à l'ENT à mon nom

  Scénario: Un mot de passe actuel erroné est refusé
    Quand je change mon mot de passe pour "Nouveau-2026!" en me trompant de mot de passe actuel
    Alors le message "Le mot de passe actuel est incorrect." s'affiche
