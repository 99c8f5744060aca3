# language: fr
@guide-2 @console @reference
Fonctionnalité: La console de la direction d'école (« Administration des comptes ÉduConnect »)
  Le guide renvoie le parent vers la Direction de l'école, « qui pourra vous donner votre
  identifiant ou réinitialiser votre mot de passe depuis la Console d'administration
  d'EduConnect ». La direction y notifie les comptes (le courrier), suit leur activation,
  retrouve un identifiant et réinitialise un mot de passe, pour les familles de son école
  seulement.

  Choix de la pile de référence : la réinitialisation d'un mot de passe se confirme sur une
  page à part (« Confirmer la réinitialisation » ou « Annuler ») ; sans cette confirmation,
  rien ne change.

  La connexion de la direction à la console est préparée par la pile de référence, sauf
  dans le scénario qui vérifie cette connexion.

  Contexte:
    Soit la direction d'une école, avec une famille au compte activé et une famille sans compte
    Et je suis connecté à la console d'administration des comptes ÉduConnect

  Scénario: La direction se déconnecte de la console, puis s'y connecte avec son identifiant et son mot de passe
    Quand je clique sur le bouton "Se déconnecter"
    Alors le message "Vous êtes déconnecté de la console." s'affiche
    Et la console me demande de me connecter pour l'ouvrir à nouveau
    Quand je me connecte à la console avec l'identifiant et le mot de passe de la direction
    Alors la page demande "Administration des comptes ÉduConnect"

  Scénario: La direction voit les familles de son école et l'état de leur compte
    Alors la page demande "Administration des comptes ÉduConnect"
    Et la page affiche "Comptes activés : 1 sur 2 responsables"
    Et la console indique l'état "Activé" pour la famille au compte activé
    Et la console indique l'état "Non activé" pour la famille sans compte

  Scénario: La direction recherche un responsable par nom, par classe et par état
    Quand je recherche le nom de la famille sans compte
    Alors la console ne liste que la famille sans compte
    Quand je recherche l'état "Activé"
    Alors la console ne liste que la famille au compte activé
    Quand je recherche la classe de l'enfant de la famille sans compte et l'état "Non activé"
    Alors la console ne liste que la famille sans compte

  @G1-LET-1
  Scénario: La direction envoie le courrier à un parent sans compte
    Quand j'envoie le courrier à la famille sans compte
    Alors le message "Courrier envoyé par mail à {parent sans compte} ({son adresse mail})." s'affiche
    Et le parent sans compte reçoit le mail "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
    Et la console indique l'état "Courrier envoyé" pour la famille sans compte

  @G1-LET-5
  Scénario: Le courrier nomme chacun des enfants du parent, avec sa classe
    Soit une famille de l'école avec deux enfants, sans compte
    Quand j'envoie le courrier à la famille de deux enfants
    Alors le parent de deux enfants reçoit le mail "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
    Et le courrier nomme chacun de ses deux enfants avec sa classe : "- {enfant}, {classe} (en tant que représentant légal)"

  @G2-MDP-4
  Scénario: La direction retrouve l'identifiant d'un parent
    Quand j'affiche l'identifiant de la famille au compte activé
    Alors le message "Identifiant de {parent au compte activé} : {son identifiant}" s'affiche

  @G2-MDP-4
  Scénario: La direction réinitialise le mot de passe d'un parent qui l'a perdu
    Quand je réinitialise le mot de passe de la famille au compte activé
    Alors le parent au compte activé reçoit le mail "Mise à disposition de votre compte ÉduConnect Responsable d'élève"
    Et son ancien mot de passe ne fonctionne plus
    Et le mail lui donne son identifiant habituel et un mot de passe provisoire qui ouvre la première connexion

  @G2-MDP-4
  Scénario: La console demande confirmation avant de réinitialiser un mot de passe, et ne réinitialise rien sans elle
    Quand je demande la réinitialisation du mot de passe de la famille au compte activé
    Alors la page affiche "Réinitialiser le mot de passe de {parent au compte activé} ?"
    Et son mot de passe fonctionne toujours
    Et le parent de la famille au compte activé ne reçoit aucun mail

  @G2-MDP-4
  Scénario: Annuler la réinitialisation ne change rien
    Quand je demande la réinitialisation du mot de passe de la famille au compte activé
    Et je réponds "Annuler" à la confirmation
    Alors le message "La réinitialisation du mot de passe de {parent au compte activé} est annulée : rien n'a changé." s'affiche
    Et son mot de passe fonctionne toujours
    Et le parent de la famille au compte activé ne reçoit aucun mail

  Scénario: La direction ne voit pas les familles d'une autre école
    Soit une famille d'une autre école
    Alors la console ne liste pas la famille de l'autre école
    Quand je recherche le nom de la famille de l'autre école
    Alors la console ne liste aucun responsable

  @G2-MDP-4
  Scénario: La direction ne peut pas réinitialiser le mot de passe d'un parent d'une autre école, même en modifiant le formulaire
    Soit une famille d'une autre école
    Quand je modifie le formulaire « Réinitialiser le mot de passe » de la famille au compte activé pour qu'il vise la famille de l'autre école, et je l'envoie
    Alors le message "La page demandée n'existe pas." s'affiche
    Et le parent de la famille de l'autre école ne reçoit aucun mail

  @G1-ACT-8
  Scénario: La direction retrouve le numéro et l'adresse mail que le parent a transmis
    Alors la console indique le portable et l'adresse mail de la famille sans compte

  @G3-NUM-2
  Scénario: Le parent qui a changé de numéro l'indique à la direction, puis active son compte avec le nouveau
    Quand j'enregistre un nouveau numéro de portable pour la famille sans compte
    Alors le message "Les informations de {parent sans compte} sont enregistrées." s'affiche
    Et la console indique le nouveau numéro pour la famille sans compte
    Quand le parent sans compte demande son code d'activation avec son nouveau numéro
    Alors il reçoit un code de sécurité par SMS à son nouveau numéro

  @G1-ACT-10
  Scénario: La direction rectifie une date de naissance erronée : l'élève est rattaché au compte du parent
    Soit une famille de l'école dont le second enfant n'est pas rattaché à son compte, sa date de naissance étant erronée à l'école
    Quand je rectifie la date de naissance du second enfant de cette famille
    Alors « Mon compte » de ce parent liste ses deux enfants
