"""Deliberate defects of the reference stack, to prove the suite's assertions bite.

A stack with a fault switched on misbehaves in exactly that way; the project's
own tests (tests/test_broken_reference.py) switch each fault on for the scenarios
that must catch it, in the running workers, and require them to fail in the step
that checks the broken behaviour.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator

FAULTS = {
    "message-identifiants-incorrects": "ÉduConnect words the wrong-credentials message differently",
    "champs-obligatoires-ignores": "ÉduConnect gives no message for an empty identifier or password",
    "verrouillage-absent": "ÉduConnect never locks an account after repeated failures",
    "verrouillage-permanent": "ÉduConnect's lock never expires",
    "echecs-jamais-remis-a-zero": "a successful login does not reset the failure count (any five failures lock)",
    "profil-parent-absent": "the ENT's profile page omits PARENT",
    "enfant-absent": "the ENT home page does not list the parent's children",
    "slo-ignore": "ÉduConnect keeps its session on single logout",
    "url-retour-sans-effet": "ÉduConnect's logout address (FrEduUrlRetour) leaves its session open",
    "utilisateur-inconnu-accepte": "the ENT logs an unknown ÉduConnect user into a guest session",
    "charte-absente": "the ENT's charter page is empty",
    "profil-eleve-absent": "ÉduConnect's profile page omits « Élève »",
    "aide-identifiant-absente": "ÉduConnect drops the hint « Identifiant au format p.nomXX »",
    "lien-identifiant-oublie-absent": "ÉduConnect drops the « Identifiant oublié ? » link",
    "franceconnect-absent": "ÉduConnect drops the FranceConnect block",
    "avertissement-compte-unique-absent": "ÉduConnect drops « ⚠ UN compte EduConnect par parent ! »",
    "mention-champs-obligatoires-absente": "ÉduConnect drops « * Champ(s) obligatoire(s) »",
    "expiration-code-ignoree": "activation codes never expire",
    "date-naissance-ignoree": "any birth date is accepted at activation",
    "message-numero-inconnu": "ÉduConnect words the unknown-number message differently",
    # Activation and the direction console (issue 18)
    "lien-pas-de-compte-absent": "ÉduConnect's login page drops the « Je n'ai pas de compte » link",
    "canal-mail-absent": "the security code is offered by SMS only: the e-mail address is not an option",
    "nom-non-verifie": "« Je n'ai pas de compte » does not check the names against the school's record",
    "code-non-verifie": "any 6-digit activation code is accepted",
    "essais-non-comptes": "wrong activation codes are not counted: attempts are unlimited",
    "ancien-code-valable": "a new activation code leaves the earlier ones valid",
    "representant-legal-facultatif": "the legal-representative box is not required on the server",
    "identifiant-sans-chiffres": "a new identifier gets its digits only when « p.nom » alone is taken",
    "mot-de-passe-longueur-seule": "activation checks only the password's length (8 characters), not the rest of the rule",
    "message-compte-active": "ÉduConnect words « Bravo, votre compte EduConnect est activé » differently",
    "numero-deja-utilise-accepte": "« Je n'ai pas de compte » accepts a number or address already used by an activated account",
    "console-coordonnees-du-compte": "the console shows the number and address of activated accounts only, "
                                     "not those the school holds",
    "rectification-sans-rattachement": "a birth date the direction corrects does not attach the child to "
                                       "the parent's activated account",
    "console-numero-non-normalise": "the console records a new mobile number as the school writes it "
                                    "(06 12 34 56 78), which activation does not find",
    "franceconnect-nonce-ignore": "ÉduConnect does not check the ID token's nonce",
    "franceconnect-state-ignore": "ÉduConnect does not check the state FranceConnect sends back",
    "franceconnect-mauvaise-cle": "FranceConnect signs its tokens with a key that is not in its JWKS",
    "franceconnect-sans-confirmation": "ÉduConnect links a FranceConnect identity on names alone, without code or birth dates",
    "franceconnect-deconnexion-ignoree": "ÉduConnect's logout leaves the FranceConnect session open",
    "courriel-facultatif": "a letter's first login accepts an empty e-mail address",
    "validite-courrier-ignoree": "a letter stays valid after three months",
    "console-toutes-ecoles": "the direction console shows and acts on every school's families",
    "identifiant-envoye-sans-compte": "« Identifiant oublié » mails an address that no account has",
    "lien-reinitialisation-reutilisable": "a password-reset link works more than once",
    "courriel-modifie-sans-validation": "a new e-mail address is recorded before its link is clicked",
    # The letter, recovery, FranceConnect's page, changing school (issue 18)
    "courrier-objet-different": "the school's letter is mailed with another subject (« Votre compte ÉduConnect »)",
    "courrier-adresse-relative": "the letter gives the téléservices address as a path without its host "
                                 "(« /teleservices »)",
    "courrier-sans-presentation-du-compte": "the letter drops its two paragraphs on the account "
                                            "(« Ce compte unique est personnel… », « Vous le conservez… »)",
    "courrier-premier-enfant-seulement": "the letter names only the first of the parent's children",
    "courrier-sans-activation-autonome": "the letter drops « Si vous n'avez pas encore activé de compte… » "
                                         "(as for a parent the school holds no number or address for)",
    "mot-de-passe-provisoire-reutilisable": "a letter's provisional password opens the first login again once the "
                                            "account is activated",
    "courrier-precedent-valable": "a new letter leaves the previous letters' provisional passwords valid",
    "identifiant-mail-sans-identifiant": "« Identifiant oublié » mails the account's FrEduCtId instead of its "
                                         "identifier",
    "reinitialisation-adresse-d-un-autre-compte": "« Mot de passe oublié » accepts an identifier with another account's "
                                                  "address, and mails the link to that address",
    "message-adresse-non-reconnue": "« Mot de passe oublié » words the unknown-address message differently "
                                    "(« Identifiant ou adresse mail incorrect. »)",
    "expiration-lien-reinitialisation-ignoree": "a password-reset link never expires",
    "reinitialisation-console-sans-effet": "ÉduConnect checks an activated account's own password only, never its "
                                           "letters: the console's reset letter opens nothing",
    "console-action-par-id": "the console checks the school in its list only: its actions by id "
                             "(/console/responsables/<id>/…) reach another school's parents",
    "franceconnect-trait-d-union": "ÉduConnect's link reads « Qu'est-ce que FranceConnect ? » (with a hyphen)",
    "franceconnect-texte-ancien": "FranceConnect's presentation page gives an older text (« plus de 1000 services »)",
    "acs-sans-relais": "the ENT's ACS looks for its SameSite=Lax cookie on ÉduConnect's cross-site POST itself "
                       "(no re-post from its own origin): every login it asked for fails",
    "jointure-sans-academie": "the ENT joins on the AAF id alone and takes its first record: after a move to another "
                              "académie, the old académie's (without the children)",
    "changement-ecole-nouvel-identifiant": "a school change gives the parent's ÉduConnect account a new identifier "
                                           "(the old one no longer logs in)",
    "teleservices-dossier-principal": "the téléservices list the children of the parent's own school record only, "
                                      "not those attached from another school's letter",
    "teleservices-services-premiere-ecole": "the téléservices offer every school's children the first child's "
                                            "school's services",
    # The ENT as a weak SAML service provider (features/conformance/)
    "signature-facultative": "the ENT accepts unsigned SAML responses and assertions",
    "cle-de-signature-ignoree": "the ENT accepts a SAML signature made with any key",
    "audience-ignoree": "the ENT accepts an assertion whose Audience is another service",
    "validite-ignoree": "the ENT ignores an assertion's NotBefore and NotOnOrAfter",
    "rejeu-accepte": "the ENT accepts the same assertion twice",
    "inresponseto-ignore": "the ENT accepts a response to a request it never sent",
    "demande-hors-navigateur": "the ENT accepts a response to any of its outstanding requests, from any browser",
    "destination-ignoree": "the ENT accepts a response whose Destination is another ACS",
    "non-sollicite-refuse": "the ENT refuses IdP-initiated (unsolicited) logins",
    "slo-absent": "the ENT's logout ends its own session only, without SAML single logout",
    "session-ent-par-cookie": "the ENT trusts any session cookie it signed, even one of a session ended",
    "session-educonnect-par-cookie": "ÉduConnect trusts any session cookie it signed, even one of a session ended",
    "session-ent-conservee": "the ENT's logout leaves the ENT's own session open",
    "code-academie-sans-zero-inconnu": "the ENT knows académie codes below 10 only with their leading zero",
    "premiere-valeur-seulement": "the ENT reads only the first value of FrEduCtRefId",
    "nombre-de-champs-ignore": "the ENT joins on an {AAF} value whatever its number of fields",
    "demande-non-signee": "the ENT sends its AuthnRequests unsigned (as entcore does unless configured)",
    "demande-signee-sha1": "the ENT signs its AuthnRequests with RSA-SHA1",
    "deconnexion-signee-sha1": "the ENT signs its LogoutRequests with RSA-SHA1 (as entcore does)",
    "deconnexion-non-signee": "the ENT sends its LogoutRequests unsigned (ÉduConnect refuses them)",
    "deconnexion-idp-ignoree": "the ENT ignores ÉduConnect's LogoutRequests (its session stays open)",
    "deconnexion-idp-non-verifiee": "the ENT ends a session on a LogoutRequest without checking its signature",
    "deconnexion-idp-non-signee-acceptee": "the ENT checks a LogoutRequest's signature only when there is one "
                                           "(as @node-saml/node-saml does)",
    "reponse-deconnexion-non-verifiee": "the ENT takes ÉduConnect's LogoutResponse without checking its signature",
    "deconnexion-idp-tout-nameid": "the ENT ends the browser's session on a LogoutRequest naming another session",
    "sans-cle-de-chiffrement": "the ENT's metadata declares no encryption key (ÉduConnect sends clear assertions)",
    "cle-exemple-acceptee": "the ENT also decrypts with its SAML library's public example key",
    "horloge-sans-tolerance": "the ENT tolerates no clock difference (an assertion valid 30 s from now is refused)",
    "reponse-recente-exigee": "the ENT refuses a response issued more than 90 seconds ago",
    "lecture-naive": "the ENT checks signatures by hand and reads the Response's own Assertion (XSW fools it)",
    "lecture-naive-premiere": "the ENT checks signatures by hand and reads the first Assertion of the document",
    # What ÉduConnect releases (issue 18)
    "attributs-en-trop": "ÉduConnect also releases the children's birth dates in a guardian's response",
    "prenom-nom-inverses": "ÉduConnect releases the guardian's surname as givenName and first name as sn",
    # The field's login flow (issue 15)
    "verification-navigateur-absente": "ÉduConnect's SSO URL serves the login page at once, without Shibboleth's "
                                       "browser check (execution s1)",
    "verification-navigateur-par-clic": "the browser check waits for a click on « Continuer » instead of posting "
                                        "itself back",
    "champs-connexion-renommes": "the login form's fields are named « identifiant » and « mot_de_passe », not the "
                                 "field's j_username and j_password",
    "connexion-sans-csrf": "the login form is accepted without its csrf_token",
    "choix-compte-absent": "the login page drops the choice « Créer/activer un compte EduConnect » / « Se connecter "
                           "à un compte existant »",
    "execution-non-verifiee": "any execution key serves the flow's current page (a stale one too)",
    "cle-execution-fixe": "every flow of a session is e1: the execution key never moves on",
    "echec-champs-non-signales": "a failed login leaves the identifier and password fields unmarked (no aria-invalid)",
    # Activation, what the scenarios without a guide statement check (issue 18)
    "numero-ecrit-tel-quel": "activation compares the mobile number as typed (« +33 6 … » is not « 06 … »)",
    "message-numero-pour-adresse": "an unknown e-mail address gets the unknown-number message",
    "code-expire-a-15-minutes": "activation codes expire after 15 minutes instead of 30",
    "compte-par-famille": "the children's second parent is given the first parent's account",
    "panne-sms-silencieuse": "a failed SMS is not announced: the code page comes as if it had been sent",
    "noms-compares-tels-quels": "activation compares the names as typed (case, accents, hyphens and spaces count)",
    # The console, the letter and recovery, what the scenarios without a fault yet check (issue 18)
    "console-deconnexion-sans-effet": "the console's « Se déconnecter » leaves the direction's session open",
    "console-comptes-toutes-ecoles": "the console counts the activated accounts of every school",
    "console-filtre-etat-ignore": "the console's search ignores the account state",
    "console-identifiant-tronque": "the console shows only the first letters of a parent's identifier",
    "courrier-identifiant-remplace": "the account a letter activates gets another identifier than the letter's",
    "courriel-format-non-verifie": "a letter's first login takes any text as an e-mail address",
    "courrier-consomme-avant-confirmation": "the letter is spent as soon as an address is typed, before its link",
    "courrier-valable-un-mois": "a letter expires after one month instead of three",
    "noms-second-courrier-ignores": "a second letter's children are attached whatever its names",
    "second-courrier-second-compte": "a second letter opens a second account with the address of an activated one",
    "reinitialisation-non-enregistree": "the reset link says the password is changed but keeps the old one",
    "deplacement-double-inscription": "a pupil who changes school gets a second record there; the old one stays",
    # FranceConnect at ÉduConnect (issue 18)
    "franceconnect-rattachement-oublie": "ÉduConnect never looks up a FranceConnect identity it has linked (asks again)",
    "franceconnect-inconnu-message-generique": "an identity the school does not know gets the generic failure message",
    "franceconnect-annulation-comme-erreur": "a login cancelled at the identity provider gets the generic failure message",
    "franceconnect-erreur-sans-formulaire": "a FranceConnect failure shows an error page instead of the login form",
    # FranceConnect's own screens (issue 16)
    "franceconnect-page-confirmation-absente": "FranceConnect goes back to the service right after the identity provider, without its confirmation page",
    "franceconnect-sso-sans-page-confirmation": "with a FranceConnect session open, FranceConnect goes back to the service without its confirmation page",
    "franceconnect-confirmation-sans-csrf": "FranceConnect's confirmation goes on without its CSRF token",
    "franceconnect-retour-description-ancienne": "« Revenir sur … » from the chooser says « user authentication aborted » instead of « User auth aborted »",
    "franceconnect-annulation-fi-vers-service": "the identity provider's « Retour » goes back to the service (access_denied) instead of FranceConnect's chooser",
    "franceconnect-annulation-sans-message": "back from the identity provider, FranceConnect's chooser gives no message",
    "franceconnect-erreur-sans-retour": "FranceConnect's error page during a login offers no way back to the service",
    "franceconnect-code-reutilisable": "FranceConnect exchanges an authorization code a second time",
    "franceconnect-state-partage": "ÉduConnect keeps the state it sends to FranceConnect server-wide, not in the browser's session",
    "franceconnect-iss-ignore": "ÉduConnect takes an answer whose iss names another provider (RFC 9207 mix-up)",
    "franceconnect-erreur-sans-state": "ÉduConnect takes an error answer without checking its state (a forged « annulation »)",
    # « Mon compte » (issue 18)
    "lien-courriel-remplace-valable": "the link for a new address the parent has since replaced still records it",
    "validite-lien-courriel-ignoree": "a new e-mail address's link never expires",
    "mot-de-passe-actuel-ignore": "« Mon compte » changes the password without checking the current one",
    "confirmation-mot-de-passe-ignoree": "« Mon compte » does not compare the new password with its confirmation",
    "mot-de-passe-non-enregistre": "« Mon compte » says the password is changed but keeps the old one",
    "renvoi-courriel-sans-envoi": "« Renvoyer le mail » says the validation mail is sent again but sends nothing",
    # What people read (issue 15)
    "code-vide-sans-message": "an empty security code is refused without a word",
    "compte-deconnexion-sans-effet": "« Se déconnecter » in « Mon compte » leaves the ÉduConnect session open",
    "compte-sans-retour-ent": "« Mon compte » and « Mes services » offer no way back to the ENT the parent came from",
    "mes-services-sans-navigation": "« Mes services » offers neither « Se déconnecter » nor a way back",
    "console-reinitialisation-sans-confirmation": "the console resets a password without asking for confirmation",
    "console-reinitialisation-avant-confirmation": "the console resets the password already when it asks for confirmation",
    "console-annulation-ignoree": "« Annuler » on the console's confirmation resets the password anyway",
}

# ENT faults that weaken its SAML service provider: fault -> the check it skips (saml/sp.py LAX_CHECKS)
# or how it signs its requests
SP_WEAKNESSES = {
    "signature-facultative": "signature",
    "cle-de-signature-ignoree": "signing-key",
    "audience-ignoree": "audience",
    "validite-ignoree": "validity",
    "rejeu-accepte": "replay",
    "inresponseto-ignore": "in-response-to",
    "destination-ignoree": "destination",
    "demande-non-signee": "unsigned-requests",
    "demande-signee-sha1": "sha1-requests",
    "deconnexion-signee-sha1": "sha1-logout",
    "deconnexion-non-signee": "unsigned-logout",
    "sans-cle-de-chiffrement": "no-encryption",
    "cle-exemple-acceptee": "example-key",
    "horloge-sans-tolerance": "no-clock-skew",
    "reponse-recente-exigee": "short-response-age",
    "lecture-naive": "naive-child",
    "lecture-naive-premiere": "naive-first",
}


class Faults:
    """The faults active in one stack. Every service of the stack holds the same
    object and asks `name in faults` when it serves a request, so a proof can
    switch a fault on for one scenario in a running stack (`switched_on`).
    Unknown names are refused with the known ones listed."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names = self._checked(names)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    @staticmethod
    def _checked(names: Iterable[str]) -> frozenset[str]:
        names = frozenset(n.strip() for n in names if n and n.strip())
        unknown = names - FAULTS.keys()
        if unknown:
            raise ValueError(
                f"défaut(s) inconnu(s) : {', '.join(sorted(unknown))} ; "
                f"défauts possibles : {', '.join(sorted(FAULTS))}")
        return names

    @classmethod
    def parse(cls, text: str | None) -> "Faults":
        return cls((text or "").split(","))

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __bool__(self) -> bool:
        return bool(self._names)

    def __repr__(self) -> str:
        return f"Faults({sorted(self._names)})"

    def set(self, names: Iterable[str]) -> None:
        """Exactly these faults from now on (an empty list: none)."""
        checked = self._checked(names)
        with self._lock:
            changed, self._names = checked != self._names, checked
        if changed:
            for listener in list(self._listeners):
                listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every change (what was built from the faults follows them)."""
        self._listeners.append(listener)

    @contextlib.contextmanager
    def switched_on(self, *names: str) -> Iterator["Faults"]:
        """These faults on, for the time of a `with` block (then the previous ones again)."""
        with self._lock:
            before = self._names
        self.set(before | self._checked(names))
        try:
            yield self
        finally:
            self.set(before)
