# language: fr
@guide-1 @franceconnect
Fonctionnalité: Se connecter avec FranceConnect (« Le + pratique »)
  Sur la page de connexion d'ÉduConnect : « FranceConnect », « Le + pratique »,
  « Pas besoin de créer de nouveaux identifiants, connectez-vous facilement grâce à votre
  compte Ameli, impôts... ».

  Le courrier de l'école : « Si vous n'avez pas encore activé de compte, vous pouvez le faire
  très simplement avec le lien « Je n'ai pas de compte » ou avec FranceConnect en utilisant le
  numéro de téléphone portable ou l'adresse mail que vous avez fourni à l'école. »

  Mot de passe oublié : « Vous pouvez choisir de vous connecter avec FranceConnect. »

  Règle de rattachement à la première connexion (choix de la pile de référence, voir
  docs/decisions/002-franceconnect.md) : l'école ne connaît pas la date de naissance des
  parents ; ÉduConnect cherche donc les responsables dont le nom est le nom de naissance ou
  le nom d'usage transmis par FranceConnect et dont le prénom est le premier des prénoms
  transmis. Le parent confirme ensuite avec le numéro de portable (ou l'adresse mail) connu de
  l'école, par un code de sécurité, puis avec les dates de naissance de ses enfants. Son
  identité FranceConnect est alors rattachée à son compte ÉduConnect (créé s'il n'en avait
  pas) : les connexions suivantes mènent directement au service.

  @ent @G1-FC-2
  Scénario: Le parent active son compte avec FranceConnect et arrive dans l'ENT avec ses enfants
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"
    Et FranceConnect me propose les comptes "impots.gouv.fr", "ameli.fr", "l'Identité Numérique La Poste", "MSA" et "Alicem"
    Quand je choisis le compte "impots.gouv.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Et je clique sur "Continuer sur ÉduConnect"
    Alors la page demande "Je confirme mon identité"
    Quand je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Et je saisis le code de sécurité reçu par SMS
    Et je confirme être le représentant légal et j'indique les dates de naissance de mes enfants
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant et sa classe

  @ent @G1-FC-2
  Scénario: Une fois son identité rattachée, le parent se connecte directement avec FranceConnect
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et j'ai activé mon compte ÉduConnect avec FranceConnect
    Et j'ai fermé mon navigateur
    Quand je me connecte depuis l'ENT avec FranceConnect
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant et sa classe

  @ent
  Scénario: La déconnexion de l'ENT ferme aussi la session FranceConnect
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et j'ai activé mon compte ÉduConnect avec FranceConnect
    Quand je me déconnecte de l'ENT
    Alors je ne suis pas connecté à l'ENT
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Alors la page demande "Je choisis un compte pour me connecter sur ÉduConnect"

  @ent @G1-FC-3
  Scénario: « Qu'est ce que FranceConnect ? » présente le service
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Et je clique sur le lien "Qu'est ce que FranceConnect ?"
    Alors la page "Qu'est ce que FranceConnect ?" s'affiche
    Et la page affiche "Le + pratique"
    Et la page affiche "La solution de l'État pour faciliter la connexion à vos services et démarches en ligne. Il permet d'accéder à plus de 1400 services en utilisant un compte et un mot de passe que vous possédez déjà. Au choix : le compte impots.gouv.fr, ameli.fr, etc."

  @ent @G2-MDP-1
  Scénario: Mot de passe oublié : le parent se connecte avec FranceConnect
    Soit un parent connu de l'école avec un compte ÉduConnect activé
    Et une identité FranceConnect à mon nom
    Quand j'arrive sur la page de connexion d'ÉduConnect depuis l'ENT
    Et je clique sur le lien "Mot de passe oublié ?"
    Alors la page affiche "Vous pouvez choisir de vous connecter avec FranceConnect."
    Quand je clique sur le lien "Se connecter avec FranceConnect"
    Et je choisis le compte "ameli.fr"
    Et je me connecte chez le fournisseur d'identité avec mon identité FranceConnect
    Et je clique sur "Continuer sur ÉduConnect"
    Et je choisis de recevoir mon code par SMS avec mon numéro de portable connu de l'école
    Et je saisis le code de sécurité reçu par SMS
    Et je confirme être le représentant légal et j'indique les dates de naissance de mes enfants
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant et sa classe

  @ent
  Scénario: Une identité FranceConnect que l'école ne connaît pas est refusée
    Soit une identité FranceConnect que l'école ne connaît pas
    Quand je me connecte depuis l'ENT avec FranceConnect
    Alors je suis sur ÉduConnect
    Et le message "Votre identité FranceConnect ne correspond à aucun représentant légal connu des écoles. Vérifiez auprès de l'école de votre enfant le nom et le prénom qu'elle a enregistrés, ou connectez-vous avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT

  @reference
  Plan du scénario: Une erreur de FranceConnect ramène à la page de connexion avec un message
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "Démonstration"
    Et je me connecte chez le fournisseur d'identité avec l'identifiant "<identifiant>" et le mot de passe "123"
    Alors je suis sur ÉduConnect
    Et le message "<message>" s'affiche
    Et la page demande "Je me connecte avec mon compte ÉduConnect"
    Et je ne suis pas connecté à l'ENT

    Exemples:
      | identifiant | message                                                                                                                                |
      | erreur-500  | La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect.                          |
      | erreur-503  | FranceConnect ne répond pas pour le moment. Veuillez réessayer dans quelques instants ou vous connecter avec votre compte ÉduConnect. |

  # erreur-502 et sans-sub échouent à l'échange du code, donc après la page de confirmation de FranceConnect
  @reference
  Plan du scénario: Une erreur après la confirmation de FranceConnect ramène à la page de connexion avec un message
    Quand je clique sur "S'identifier avec FranceConnect" sur la page de connexion d'ÉduConnect
    Et je choisis le compte "Démonstration"
    Et je me connecte chez le fournisseur d'identité avec l'identifiant "<identifiant>" et le mot de passe "123"
    Et je clique sur "Continuer sur ÉduConnect"
    Alors je suis sur ÉduConnect
    Et le message "<message>" s'affiche
    Et la page demande "Je me connecte avec mon compte ÉduConnect"
    Et je ne suis pas connecté à l'ENT

    Exemples:
      | identifiant | message                                                                                                                                |
      | erreur-502  | FranceConnect ne répond pas pour le moment. Veuillez réessayer dans quelques instants ou vous connecter avec votre compte ÉduConnect. |
      | sans-sub    | La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect.                          |

  @reference
  Scénario: ÉduConnect refuse un jeton d'identité dont le nonce n'est pas celui de la demande
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et FranceConnect répondra avec un autre nonce que celui de la demande
    Quand je me connecte depuis l'ENT avec FranceConnect
    Alors le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT

  @reference
  Scénario: ÉduConnect refuse un retour de FranceConnect dont le state n'est pas celui de la demande
    Soit un parent connu de l'école sans compte ÉduConnect, avec deux enfants
    Et une identité FranceConnect à mon nom
    Et FranceConnect me renverra sur ÉduConnect avec un autre state que celui de la demande
    Quand je me connecte depuis l'ENT avec FranceConnect
    Alors le message "La connexion avec FranceConnect a échoué. Veuillez réessayer ou vous connecter avec votre compte ÉduConnect." s'affiche
    Et je ne suis pas connecté à l'ENT
