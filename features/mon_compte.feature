# language: fr
@guide-3 @mon-compte
Fonctionnalité: Mon compte : changer d'adresse mail et de mot de passe
  « Une fois connecté à votre espace EduConnect, dans "Mon compte", saisissez la nouvelle
  adresse mail. Un courriel de validation est transmis à cette nouvelle adresse. Cliquez sur
  le lien d'activation pour l'enregistrer. »

  Choix de la pile de référence : l'ancienne adresse reste en vigueur jusqu'au clic ; le lien
  est valable 24 heures et peut être renvoyé ; une autre adresse saisie ensuite remplace la
  première, dont le lien ne vaut plus rien ; le mot de passe se change avec l'actuel, le
  nouveau et sa confirmation, et l'ancien ne sert plus. « Mon compte » et « Mes services »
  proposent « Se déconnecter » (qui ferme la session ÉduConnect) et « Retour à l'ENT », vers
  l'ENT d'où vient le parent (la connexion à l'initiative d'ÉduConnect, celle des tuiles).

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
  Scénario: Seul le lien de la dernière adresse saisie l'enregistre
    Quand je saisis une nouvelle adresse mail
    Et je me ravise et saisis une autre nouvelle adresse mail
    Et je clique sur le lien d'activation reçu à la première nouvelle adresse
    Alors le message "Ce lien d'activation n'est pas valable." s'affiche
    Quand je retourne sur « Mon compte »
    Alors « Mon compte » affiche l'adresse mail "{adresse actuelle}"

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

  Scénario: Après le changement, l'ancien mot de passe n'ouvre plus le compte
    Quand je change mon mot de passe pour "Nouveau-2026!"
    Et je me déconnecte d'ÉduConnect
    Et je me connecte depuis l'ENT avec mon identifiant et mon ancien mot de passe
    Alors le message "Identifiant ou mot de passe incorrect." s'affiche
    Et je ne suis pas connecté à l'ENT

  Scénario: Un mot de passe actuel erroné est refusé
    Quand je change mon mot de passe pour "Nouveau-2026!" en me trompant de mot de passe actuel
    Alors le message "Le mot de passe actuel est incorrect." s'affiche

  Scénario: Une confirmation différente du nouveau mot de passe est refusée, et rien ne change
    Quand je change mon mot de passe pour "Nouveau-2026!" avec la confirmation "Nouveau-2027!"
    Alors le message "Les deux nouveaux mots de passe saisis ne sont pas identiques." s'affiche
    Quand je me déconnecte d'ÉduConnect
    Et je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  Scénario: « Se déconnecter » depuis « Mon compte » ferme la session ÉduConnect
    Quand je clique sur le bouton "Se déconnecter"
    Alors la page demande "Vous êtes déconnecté d'ÉduConnect"
    Et « Mon compte » me demande de me connecter à nouveau

  Scénario: « Mes services » propose aussi de se déconnecter
    Quand je clique sur le lien "Mes services"
    Alors la page demande "Mes services"
    Quand je clique sur le bouton "Se déconnecter"
    Alors la page demande "Vous êtes déconnecté d'ÉduConnect"
    Et « Mon compte » me demande de me connecter à nouveau

  Scénario: Depuis « Mon compte » et « Mes services », le parent revient à l'ENT d'où il vient
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors je suis connecté à l'ENT à mon nom
    Quand je retourne sur « Mon compte »
    Et je clique sur le lien "Retour à l'ENT"
    Alors je suis connecté à l'ENT à mon nom
    Quand je retourne sur « Mon compte »
    Et je clique sur le lien "Mes services"
    Et je clique sur le lien "Retour à l'ENT"
    Alors je suis connecté à l'ENT à mon nom

