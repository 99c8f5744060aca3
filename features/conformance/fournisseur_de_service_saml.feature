# language: fr
@conformance @ent
Fonctionnalité: L'ENT, fournisseur de service SAML d'ÉduConnect
  Ce que tout ENT raccordé à ÉduConnect doit accepter, et ce qu'il doit refuser.
  Chaque scénario nomme, entre crochets, la règle qu'il vérifie : les normes SAML 2.0
  de l'OASIS (mars 2005) « Core », « Bindings » et « Profiles », ou le contrat
  d'attributs d'ÉduConnect.

  Pour chaque refus, l'ÉduConnect de référence envoie volontairement à l'ENT une
  réponse fautive, pour ce seul parent et seulement celle-là : l'ENT doit afficher
  une erreur, et le parent ne doit pas être connecté.

  Chaque contrôle a un niveau de verdict : @exigence (une règle de la norme ou du
  contrat d'ÉduConnect ; son échec fait échouer le passage) ou @recommandation (une
  bonne pratique, ou une règle que le terrain applique plus souplement que la norme ;
  son échec est un avertissement, et le passage réussit).

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé

  @exigence
  Scénario: [Profiles 4.1.2 à 4.1.4] La connexion demandée par l'ENT aboutit
    L'ENT envoie une AuthnRequest, ÉduConnect répond par une réponse signée en
    HTTP-POST, et l'ENT reconnaît le parent.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @exigence
  Scénario: [Profiles 4.1.5] La connexion à l'initiative d'ÉduConnect, celle des tuiles, aboutit
    Une réponse « Unsolicited » n'a pas d'InResponseTo ; l'ENT l'accepte quand elle est
    valable par ailleurs.
    Quand j'ouvre l'ENT depuis ÉduConnect avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @exigence
  Scénario: [Profiles 4.4, ÉduConnect FrEduUrlRetour] La déconnexion de l'ENT ferme aussi la session ÉduConnect
    L'ENT ferme la session ÉduConnect par un Single Logout (une LogoutRequest signée qui
    nomme la session) ou, comme le font des ENT du terrain, en envoyant le navigateur à
    l'adresse FrEduUrlRetour qu'ÉduConnect lui a donnée. ÉduConnect demande ensuite de
    nouveau de se connecter.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour
    Et je ne suis pas connecté à l'ENT
    Quand j'ouvre la page de connexion de l'ENT
    Et je choisis le profil "PARENT"
    Alors la page demande "Je sélectionne mon profil"

  @recommandation
  Scénario: [Profiles 4.4.3, 4.4.4] Une demande de déconnexion d'ÉduConnect ferme la session de l'ENT
    ÉduConnect envoie à l'ENT, par le navigateur, une LogoutRequest signée qui nomme la
    session du parent. L'ENT la ferme et répond par une LogoutResponse signée. Un ENT qui ne
    déconnecte que par FrEduUrlRetour ne le fait pas : c'est une recommandation.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et ÉduConnect envoie à l'ENT une demande de déconnexion signée pour ma session
    Alors l'ENT a répondu à ÉduConnect par une réponse de déconnexion signée, en succès
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Profiles 4.4.3.1] Une demande de déconnexion non signée ne ferme pas la session de l'ENT
    « The <LogoutRequest> message MUST be signed » en HTTP-Redirect : sinon, n'importe quel
    site qui envoie le navigateur du parent à l'adresse de déconnexion de l'ENT le déconnecte.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et ÉduConnect envoie à l'ENT une demande de déconnexion non signée pour ma session
    Alors je suis toujours connecté à l'ENT

  @exigence
  Scénario: [Core 5, Metadata 2.4.1.1] Une demande de déconnexion signée par une autre clé ne ferme pas la session de l'ENT
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et ÉduConnect envoie à l'ENT une demande de déconnexion signée par une autre clé pour ma session
    Alors je suis toujours connecté à l'ENT

  @exigence
  Scénario: [Core 3.7.3] Une demande de déconnexion pour une autre session ne ferme pas celle du parent
    La LogoutRequest nomme un autre NameID : l'ENT ne ferme que la session qu'elle nomme.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et ÉduConnect envoie à l'ENT une demande de déconnexion signée pour une autre session
    Alors je suis toujours connecté à l'ENT

  @exigence
  Scénario: [Profiles 4.4.4.2] Une réponse de déconnexion non signée est refusée
    La LogoutResponse qu'ÉduConnect renvoie en HTTP-Redirect doit être signée ; l'ENT dit
    que la déconnexion d'ÉduConnect n'est pas confirmée. (Sans objet pour un ENT qui se
    déconnecte par FrEduUrlRetour.)
    Soit ÉduConnect qui m'enverra une réponse de déconnexion non signée
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors l'ENT refuse la réponse de déconnexion d'ÉduConnect

  @exigence
  Scénario: [Core 5, Metadata 2.4.1.1] Une réponse de déconnexion signée par une autre clé est refusée
    Soit ÉduConnect qui m'enverra une réponse de déconnexion signée par une autre clé
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors l'ENT refuse la réponse de déconnexion d'ÉduConnect

  @recommandation
  Scénario: [Bindings 3.4.4.1, NIST SP 800-131A] L'ENT signe ses demandes d'authentification, en RSA-SHA256
    ÉduConnect accepte, comme en production, une AuthnRequest signée en RSA-SHA1 ou pas signée
    du tout (une signature faite par une autre clé que celle des métadonnées de l'ENT est
    refusée). Signez vos demandes, en RSA-SHA256 : SHA-1 n'est plus sûr.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Et la demande d'authentification de l'ENT était signée en RSA-SHA256

  @recommandation
  Scénario: [Bindings 3.4.4.1, NIST SP 800-131A] L'ENT signe ses demandes de déconnexion en RSA-SHA256
    ÉduConnect exige une LogoutRequest signée, et accepte RSA-SHA1 comme en production.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et je me déconnecte de l'ENT
    Alors ÉduConnect a fermé ma session, par un Single Logout ou par son adresse FrEduUrlRetour
    Et une demande de déconnexion de l'ENT, s'il en a envoyé une, était signée en RSA-SHA256

  @recommandation
  Scénario: [Core 6.2, ÉduConnect] L'ENT déclare une clé de chiffrement et lit l'assertion chiffrée pour lui
    Si les métadonnées de l'ENT déclarent une clé de chiffrement, ÉduConnect chiffre
    l'assertion, comme Shibboleth le fait par défaut (AES-128-GCM, la clé de session en
    RSA-OAEP) ; sinon, il l'envoie signée et en clair. Déclarez une clé de chiffrement.
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Et l'assertion qu'ÉduConnect a envoyée à l'ENT était chiffrée

  @exigence
  Scénario: [Core 6.1, 6.2] Une assertion chiffrée pour une autre clé est refusée
    L'assertion est chiffrée pour une clé d'exemple publique, pas pour celle de l'ENT :
    l'ENT ne doit pas savoir la lire.
    Soit ÉduConnect qui m'enverra une réponse dont l'assertion est chiffrée pour une autre clé
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Profiles 4.1.3.5] Une réponse dont ni la réponse ni l'assertion ne sont signées est refusée
    « If the HTTP POST binding is used to deliver the <Response>, each assertion MUST be
    protected by a digital signature. »
    Soit ÉduConnect qui m'enverra une réponse sans aucune signature
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Core 5, Metadata 2.4.1.1] Une réponse signée par une clé qui n'est pas celle d'ÉduConnect est refusée
    La signature se vérifie avec la clé « signing » des métadonnées d'ÉduConnect,
    jamais avec un certificat joint au message.
    Soit ÉduConnect qui m'enverra une réponse signée par une autre clé
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Core 2.5.1.4, Profiles 4.1.4.2] Une assertion destinée à un autre service est refusée
    L'AudienceRestriction doit nommer l'entityID de l'ENT.
    Soit ÉduConnect qui m'enverra une réponse destinée à un autre service
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence @horloge @expiree-600
  Scénario: [Core 2.5.1.2, Profiles 4.1.4.3] Une assertion expirée est refusée
    Le NotOnOrAfter des conditions et de la confirmation du sujet est dépassé.
    Soit ÉduConnect qui m'enverra une réponse expirée
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence @horloge @expiree-300
  Scénario: [Core 2.5.1.2, Profiles 4.1.4.3] Une assertion expirée depuis 5 minutes est refusée
    Au-delà d'une minute ou deux, une tolérance d'horloge laisse passer des assertions
    périmées : cinq minutes après NotOnOrAfter, l'ENT refuse.
    Soit ÉduConnect qui m'enverra une réponse expirée depuis 5 minutes
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence @horloge @avance-300
  Scénario: [Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 5 minutes est refusée
    Toutes les dates ont 5 minutes d'avance : NotBefore est trop loin dans le futur de l'ENT.
    Soit ÉduConnect qui m'enverra une réponse datée de 5 minutes plus tard
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @recommandation @horloge @avance-2
  Scénario: [Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 2 secondes est acceptée
    ÉduConnect met NotBefore à l'instant où il émet l'assertion : un ENT dont l'horloge
    retarde de 2 secondes, et qui ne tolère aucun écart, refuse toutes les connexions.
    Soit ÉduConnect qui m'enverra une réponse datée de 2 secondes plus tard
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @recommandation @horloge @avance-60
  Scénario: [Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance d'une minute est acceptée
    Une tolérance d'une minute de chaque côté est celle que nous recommandons.
    Soit ÉduConnect qui m'enverra une réponse datée d'une minute plus tard
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @recommandation @horloge @avance-30
  Scénario: [Core 2.5.1.2] Une assertion d'un ÉduConnect dont l'horloge avance de 30 secondes est acceptée
    Deux horloges ne sont jamais tout à fait d'accord : NotBefore est 30 secondes dans le
    futur de l'ENT. Tolérez quelques minutes d'écart (pas dix : une assertion 10 minutes
    trop tôt doit être refusée).
    Soit ÉduConnect qui m'enverra une réponse datée de 30 secondes plus tard
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @recommandation @horloge @retard-120
  Scénario: [Profiles 4.1.4.3] Une réponse émise il y a 2 minutes est acceptée
    L'horloge d'ÉduConnect retarde, ou la réponse a mis du temps à arriver : toutes ses
    dates ont 2 minutes de retard. Tolérez quelques minutes (pas au-delà de la validité).
    Soit ÉduConnect qui m'enverra une réponse datée de 2 minutes plus tôt
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @exigence @horloge @avance-600
  Scénario: [Core 2.5.1.2] Une assertion qui n'est pas encore valable est refusée
    Le NotBefore des conditions est dans dix minutes.
    Soit ÉduConnect qui m'enverra une réponse pas encore valable
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Profiles 4.1.4.5] Une réponse déjà utilisée est refusée
    « The service provider MUST ensure that bearer assertions are not replayed. »
    Une réponse « Unsolicited », acceptée une fois, est présentée de nouveau par un
    navigateur sans session.
    Quand j'ouvre l'ENT depuis ÉduConnect avec mon identifiant et mon mot de passe
    Et la même réponse d'ÉduConnect est présentée de nouveau à l'ENT par un navigateur sans session
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Profiles 4.1.4.3] Une réponse à une demande que l'ENT n'a pas faite est refusée
    L'InResponseTo, quand il est présent, doit être l'ID d'une AuthnRequest de l'ENT.
    Soit ÉduConnect qui m'enverra une réponse à une autre demande
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @recommandation
  Scénario: [Profiles 4.1.4.3, 4.1.4.5] Une réponse à la demande d'un autre navigateur est refusée
    L'InResponseTo nomme bien une demande de l'ENT, mais faite par un autre navigateur, qui
    ne l'a jamais reçue. Un ENT qui lie ses demandes au navigateur (sa session) la refuse ;
    un cache de demandes commun à tous les navigateurs l'accepte, ce que le standard permet :
    c'est une recommandation.
    Soit la réponse d'ÉduConnect à l'ENT sera retenue en chemin
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Et la réponse retenue est présentée à l'ENT par un navigateur sans session
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Bindings 3.5.5.2] Une réponse adressée à une autre URL est refusée
    La Destination d'un message signé doit être l'URL où l'ENT l'a reçu.
    Soit ÉduConnect qui m'enverra une réponse adressée à une autre URL
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [ÉduConnect, FrEduCtRefId] Le code d'académie publié sans son zéro retrouve le parent
    Chaque valeur « {AAF}<code>|…|<identifiant AAF> » porte le code BCN de l'académie, avec
    ou sans zéro devant quand il est inférieur à 10 : « 1 » et « 01 » sont Paris. L'ENT
    retrouve le parent sous « PARIS-<identifiant AAF> ».
    Soit un parent d'une école de l'académie de Paris, dont ÉduConnect publie le code « 1 », sans zéro
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @exigence
  Scénario: [ÉduConnect, FrEduCtRefId] La valeur {AAF} est trouvée après des valeurs d'autres préfixes
    FrEduCtRefId a plusieurs valeurs ; celles d'autres préfixes viennent d'abord, et l'ENT
    les laisse de côté.
    Soit ÉduConnect qui m'enverra une réponse avec d'abord des valeurs FrEduCtRefId d'autres préfixes
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom

  @exigence
  Scénario: [ÉduConnect, FrEduCtRefId] Une valeur {AAF} qui n'a pas exactement trois champs ne connecte personne
    Soit ÉduConnect qui m'enverra une réponse dont les valeurs FrEduCtRefId ont quatre champs
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [ÉduConnect, FrEduCtRefId] Une réponse sans l'attribut de jointure est refusée
    L'ENT retrouve le parent par FrEduCtRefId ; sans lui, il ne connecte personne.
    Soit ÉduConnect qui m'enverra une réponse sans l'attribut FrEduCtRefId
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [ÉduConnect, FrEduCtRefId] Un utilisateur d'ÉduConnect inconnu de l'ENT est refusé
    Une réponse valable, pour un parent que l'annuaire de l'ENT ne connaît pas.
    Soit un parent au compte ÉduConnect activé qui n'est pas dans l'annuaire de l'ENT
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT refuse la connexion
    Et je ne suis pas connecté à l'ENT

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW1] Une réponse modifiée (xsw1) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : la réponse signée cachée dans la signature d'une réponse contrefaite.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw1 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW2] Une réponse modifiée (xsw2) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : la réponse signée placée avant la signature d'une réponse contrefaite.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw2 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW3] Une réponse modifiée (xsw3) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : une assertion contrefaite placée avant l'assertion signée.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw3 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW4] Une réponse modifiée (xsw4) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : l'assertion signée cachée dans une assertion contrefaite.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw4 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW5] Une réponse modifiée (xsw5) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : une assertion contrefaite qui garde la signature, l'assertion signée à la fin de la réponse.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw5 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW6] Une réponse modifiée (xsw6) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : une assertion contrefaite qui garde la signature, l'assertion signée cachée dans cette signature.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw6 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW7] Une réponse modifiée (xsw7) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : une copie contrefaite de l'assertion, même ID, dans une extension de la réponse.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw7 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping XSW8] Une réponse modifiée (xsw8) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : une assertion contrefaite qui garde signature et ID, l'assertion signée dans un Object de la signature.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « xsw8 », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent

  @exigence
  Scénario: [Core 5.4.2, XML Signature Wrapping par ID en double] Une réponse modifiée (id-confusion) ne connecte pas un autre parent
    La réponse signée par ÉduConnect, modifiée : des éléments contrefaits qui reprennent les ID des éléments signés.
    Le contrefait nomme un autre parent (« On Breaking SAML », Somorovsky et al., 2012).
    L'ENT doit lire ce qui est signé, et seulement cela.
    Soit un autre parent de l'école, connu de l'ENT
    Et un attaquant modifiera la réponse signée d'ÉduConnect par « id-confusion », au nom de cet autre parent
    Quand je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors l'ENT ne connecte pas cet autre parent
