# language: fr
@guide-3 @changement-ecole
Fonctionnalité: Mon enfant change d'établissement scolaire
  « Si un élève change d'établissement dans la même académie, l'élève et ses responsables
  bénéficient de la continuité d'accès pour leurs comptes (identifiant et mot de passe sont
  conservés). Les services qui vous sont proposés une fois connecté à votre espace EduConnect
  sont mis à disposition par l'établissement dans lequel est scolarisé votre enfant. Ils
  peuvent donc être différents d'un établissement à l'autre. »

  Choix de la pile de référence : dans une autre académie aussi, le compte est conservé (le
  courrier le dit : « Vous le conservez même en cas de changement d'école ou d'académie ») ;
  l'ENT retrouve le parent par sa clé de la nouvelle académie.

  Contexte:
    Soit un parent connu de l'école avec un compte ÉduConnect activé

  @reference @G3-ECOLE-1
  Scénario: Dans la même académie, l'identifiant et le mot de passe sont conservés
    Quand mon enfant change d'école dans la même académie
    Et je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant dans sa nouvelle école

  @reference @G3-ECOLE-2
  Scénario: Les téléservices proposés sont ceux de la nouvelle école
    Quand mon enfant change d'école dans la même académie
    Et j'ouvre les téléservices et je me connecte avec mon identifiant et mon mot de passe
    Alors la page affiche "Les services qui vous sont proposés une fois connecté à votre espace EduConnect sont mis à disposition par l'établissement dans lequel est scolarisé votre enfant. Ils peuvent donc être différents d'un établissement à l'autre."
    Et les téléservices listent les services de la nouvelle école, et plus ceux de l'ancienne

  @reference @G1-LET-4
  Scénario: Dans une autre académie, le compte est conservé aussi
    Quand mon enfant change d'école pour une autre académie
    Et je me connecte depuis l'ENT avec mon identifiant et mon mot de passe
    Alors je suis connecté à l'ENT à mon nom
    Et l'ENT affiche mon enfant dans sa nouvelle école
