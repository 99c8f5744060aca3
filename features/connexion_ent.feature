# language: fr
@guide-connexion
Fonctionnalité: La connexion à l'ENT avec EduConnect
  « Educonnect est un service d'authentification qui vous permet d'accéder à toutes les
  démarches liées à la scolarité de votre enfant, et aux services numériques, de l'école
  au lycée (l'ENT, entre autres). »

  Le parent se connecte à l'URL de son ENT, choisit le profil « Parent » sur la page de
  connexion, puis se connecte à ÉduConnect (guide, « Concrètement, comment cela
  fonctionne ? » et « 1. Accédez au service EduConnect »).

  Choix de la pile de référence (le guide ne les donne pas) : le message d'identifiants
  erronés, les messages des champs obligatoires, le blocage de 15 minutes après
  5 échecs consécutifs, et la page « Demande périmée » d'une étape de connexion périmée.

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé

  @guide-1 @ent @G0-INTRO-2 @G1-ENT-1
  Scénario: La page d'authentification de l'ENT propose les cinq profils
    Quand j'ouvre la page de connexion de l'ENT
    Alors la page demande "Vous souhaitez vous connecter en tant que ..."
    Et on me propose les profils de connexion :
      | profil                                |
      | ÉLÈVE                                 |
      | ENSEIGNANT OU PERSONNEL DE L'ACADÉMIE |
      | PARENT                                |
      | FAMILLE D'ACCUEIL                     |
      | INVITÉ DU PERSONNEL COMMUNAL          |

  @guide-1 @ent @G1-ENT-3
  Scénario: La charte d'utilisation s'ouvre depuis la page d'authentification
    Quand j'ouvre la page de connexion de l'ENT
    Et je clique sur le lien "Pour consulter la charte d'utilisation, cliquez ici"
    Alors la page "Charte d'utilisation de l'ENT" s'affiche

  @guide-1 @ent @G0-INTRO-4 @G1-ENT-2 @G1-EC-1
  Scénario: Le profil « Parent » mène au choix du profil sur ÉduConnect
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors je suis sur ÉduConnect
    Et la page demande "Je sélectionne mon profil"
    Et on me propose les profils "Responsable d'élève" et "Élève"

  @guide-1 @ent @G1-EC-3 @G1-EC-4 @G1-EC-5 @G1-FC-1
  Scénario: La page de connexion d'ÉduConnect d'un responsable d'élève
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Alors la page demande "Je me connecte avec mon compte ÉduConnect"
    Et la page affiche "* Champ(s) obligatoire(s)"
    Et le champ obligatoire "Identifiant" est accompagné de l'aide "Identifiant au format p.nomXX"
    Et le champ "Mot de passe" est obligatoire
    Et la page propose les liens "Identifiant oublié ?", "Mot de passe oublié ?" et "Je n'ai pas de compte"
    Et la page affiche "⚠ UN compte EduConnect par parent !"
    Et la page propose FranceConnect, "Le + pratique"

  @guide-1 @ent @G1-EC-2
  Scénario: ÉduConnect propose de créer ou d'activer un compte, ou de se connecter à un compte existant
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Alors la page demande "EduConnect"
    Et on me propose les onglets "Créer/activer un compte EduConnect" et "Se connecter à un compte existant"
    Et l'onglet "Se connecter à un compte existant" est ouvert
    Quand je passe à l'onglet "Créer/activer un compte EduConnect" avec les flèches du clavier
    Alors l'onglet "Créer/activer un compte EduConnect" est ouvert
    Quand je choisis l'onglet "Se connecter à un compte existant"
    Alors l'onglet "Se connecter à un compte existant" est ouvert
    Quand je choisis l'onglet "Créer/activer un compte EduConnect"
    Et je clique sur le lien "Créer/activer votre compte EduConnect"
    Alors la page demande "Je n'ai pas de compte"

  # Le chemin du terrain, que suivent les scripts (pronotepy, sondes de supervision des ENT) :
  # Shibboleth vérifie d'abord le navigateur (execution=e1s1, une page qui se renvoie seule),
  # puis sert une seule page de connexion (e1s2) dont les champs portent les noms du terrain.
  @guide-1 @reference
  Scénario: Comme sur le terrain, ÉduConnect vérifie le navigateur sans clic, puis reçoit la connexion sous les noms de champs du terrain
    Soit un navigateur qui note ses échanges avec ÉduConnect
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors ÉduConnect a vérifié mon navigateur à l'étape "e1s1", qui s'est renvoyée seule avec les champs :
      | champ                                     |
      | csrf_token                                |
      | shib_idp_ls_exception.shib_idp_session_ss |
      | shib_idp_ls_success.shib_idp_session_ss   |
      | shib_idp_ls_value.shib_idp_session_ss     |
      | shib_idp_ls_supported                     |
      | _eventId_proceed                          |
    Et la page de connexion d'ÉduConnect est à l'étape "e1s2"
    Et une connexion envoyée sans son csrf_token est refusée
    Quand je saisis mon identifiant et mon mot de passe
    Alors ÉduConnect a reçu ma connexion à l'étape "e1s2" avec les champs :
      | champ            |
      | csrf_token       |
      | typeUser         |
      | j_username       |
      | j_password       |
      | _eventId_proceed |
    Et je suis connecté à l'ENT à mon nom

  # Comme Shibboleth : une connexion recommencée dans la même session est un nouveau parcours
  # (e2s1, e3s1…), et une clé d'un parcours terminé est périmée. Choix de la pile de
  # référence : la page le dit en français et « Revenir à la page de connexion » recommence, la
  # demande de l'ENT gardée.
  @guide-1 @reference
  Scénario: Une connexion recommencée avance la clé d'exécution, et une page périmée le dit puis recommence
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Alors la page de connexion d'ÉduConnect est à l'étape "e1s2"
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Alors la page de connexion d'ÉduConnect est à l'étape "e2s2"
    Quand je reviens à l'adresse de l'étape "e1s2"
    Alors la page "Demande périmée" s'affiche
    Et le message "Cette page de connexion n'est plus valable : vous avez peut-être utilisé le bouton « Précédent » de votre navigateur, ou ouvert un favori de la page de connexion. Reprenez la connexion." s'affiche
    Quand je clique sur le lien "Revenir à la page de connexion"
    Alors la page de connexion d'ÉduConnect est à l'étape "e3s2"
    Quand je saisis mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @guide-1 @ent @G0-INTRO-5 @G1-EC-6
  Scénario: Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant et sa classe

  # Ce qu'ÉduConnect dit du parent à l'ENT : ni plus (pas de donnée des enfants), ni autre chose
  # (le prénom à sa place, le nom à la sienne). Les noms d'attributs sont ceux du terrain.
  @reference @G0-INTRO-5
  Scénario: ÉduConnect transmet à l'ENT qui est le parent, champ par champ, et rien de plus
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors ÉduConnect a transmis à l'ENT, pour cette connexion, exactement ces attributs :
      | attribut                 | valeur                                                    |
      | FrEduCtPersonAffiliation | resp1d                                                    |
      | givenName                | {mon prénom}                                              |
      | sn                       | {mon nom}                                                 |
      | FrEduCtCivilite          | {ma civilité}                                             |
      | FrEduCtRefId             | {AAF}{code académie}\|{UAI}\|{mon identifiant AAF}        |
      | FrEduCtId                | 96 caractères hexadécimaux                                |
      | FrEduUrlRetour           | une adresse d'ÉduConnect                                  |
      | FrEduCtDateConnexion     | l'heure de la connexion, AAAA-MM-JJ hh:mm:ss.mmm          |
    Et je suis connecté à l'ENT à mon nom

  @guide-1 @ent @G1-EC-4
  Scénario: L'identifiant et le mot de passe sont obligatoires
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Et je clique sur "Se connecter" sans rien saisir
    Alors le champ "Identifiant" signale "Veuillez saisir votre identifiant."
    Et le champ "Mot de passe" signale "Veuillez saisir votre mot de passe."
    Et je ne suis pas connecté à l'ENT

  @guide-1 @ent
  Scénario: Un mot de passe erroné est refusé
    Quand je me connecte depuis l'ENT avec mon identifiant et le mot de passe "pas-le-bon"
    Alors le message "Identifiant ou mot de passe incorrect." s'affiche
    Et la page de connexion d'ÉduConnect est à l'étape "e1s2"
    Et le champ "Identifiant" signale "Identifiant ou mot de passe incorrect."
    Et le champ "Mot de passe" signale "Identifiant ou mot de passe incorrect."
    Et je ne suis pas connecté à l'ENT

  @guide-1 @ent
  Scénario: Un identifiant inconnu est refusé avec le même message
    Quand je me connecte depuis l'ENT avec l'identifiant "p.inconnu99" et mon mot de passe
    Alors le message "Identifiant ou mot de passe incorrect." s'affiche

  @guide-1 @reference
  Scénario: Après cinq échecs, le compte est bloqué pendant 15 minutes
    Quand je me connecte depuis l'ENT avec mon identifiant et le mot de passe "pas-le-bon"
    Et je me trompe encore de mot de passe 4 fois
    Alors le message "Suite à plusieurs tentatives infructueuses, votre compte est bloqué pendant 15 minutes." s'affiche
    Quand je saisis à nouveau mon identifiant et mon mot de passe
    Alors le message "Suite à plusieurs tentatives infructueuses, votre compte est bloqué pendant 15 minutes." s'affiche
    Quand 15 minutes se sont écoulées
    Et je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @guide-1 @reference
  Scénario: Une connexion réussie remet les échecs à zéro : seuls cinq échecs à la suite bloquent le compte
    Quand je me connecte depuis l'ENT avec mon identifiant et le mot de passe "pas-le-bon"
    Et je me trompe encore de mot de passe 3 fois
    Et je saisis à nouveau mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Quand je me déconnecte de l'ENT
    Et je me connecte depuis l'ENT avec mon identifiant et le mot de passe "pas-le-bon"
    Et je me trompe encore de mot de passe 3 fois
    Et je saisis à nouveau mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @guide-1 @ent
  Scénario: La déconnexion ferme l'ENT et ÉduConnect
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors je ne suis pas connecté à l'ENT
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors la page demande "Je sélectionne mon profil"

  @guide-1 @ent
  Scénario: Après la déconnexion, une copie des cookies du navigateur n'ouvre plus rien
    Une session se ferme sur le serveur : quelqu'un qui aurait copié les cookies du
    navigateur avant la déconnexion ne retrouve ni l'ENT ni ÉduConnect.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et quelqu'un copie les cookies de mon navigateur
    Et je me déconnecte de l'ENT
    Et cette personne remet les cookies copiés dans le navigateur
    Alors je ne suis pas connecté à l'ENT
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors la page demande "Je sélectionne mon profil"

  @guide-1 @reference
  Scénario: Un ENT qui se déconnecte par l'adresse FrEduUrlRetour ferme aussi ÉduConnect
    Comme des ENT du terrain, l'ENT envoie le navigateur à l'adresse de déconnexion
    qu'ÉduConnect lui a donnée (FrEduUrlRetour), au lieu d'un Single Logout.
    Soit un ENT qui se déconnecte par l'adresse FrEduUrlRetour qu'ÉduConnect lui a donnée
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors la page demande "Vous êtes déconnecté d'ÉduConnect"
    Et ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour
    Et je ne suis pas connecté à l'ENT
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors la page demande "Je sélectionne mon profil"

  @guide-1 @reference
  Scénario: Un utilisateur ÉduConnect que l'ENT ne connaît pas est refusé
    Soit un parent au compte ÉduConnect activé qui n'est pas dans l'annuaire de l'ENT
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors le message "Votre compte académique n'est pas reconnu dans l'ENT. Merci de vous connecter avec vos identifiants ENT ou contactez votre établissement." s'affiche
    Et je ne suis pas connecté à l'ENT
