"""The French words of the refusals the activation steps raise (shared/errors.py's
`reason`), for « Je n'ai pas de compte » and the first FranceConnect login."""
from __future__ import annotations

MESSAGES = {
    # the guide's own words
    ("contact-unknown", "sms"): "Le numéro que vous avez renseigné ne vous a pas été attribué dans EduConnect",
    "code-expired": "Le code d'activation n'est plus valable. Veuillez recommencer",
    "birth-date-wrong": "La date de naissance saisie est incorrecte",
    # ours, in the same voice
    ("contact-unknown", "mail"): "L'adresse mail que vous avez renseignée ne vous a pas été attribuée dans ÉduConnect",
    ("contact-used", "sms"): "Ce numéro est déjà utilisé par un compte ÉduConnect activé. Connectez-vous avec ce compte.",
    ("contact-used", "mail"): "Cette adresse mail est déjà utilisée par un compte ÉduConnect activé. Connectez-vous avec ce compte.",
    ("contact-missing", "sms"): "Veuillez saisir votre numéro de téléphone portable.",
    ("contact-missing", "mail"): "Veuillez saisir votre adresse mail.",
    "channel-missing": "Veuillez choisir de recevoir votre code par SMS ou par mail.",
    "mobile-invalid": "Le numéro de téléphone portable saisi n'est pas valide.",
    "email-invalid": "L'adresse mail saisie n'est pas valide.",
    "names-missing": "Veuillez saisir votre nom et votre prénom.",
    "names-mismatch": "Le nom et le prénom saisis ne correspondent pas à ceux connus de l'école.",
    "already-activated": "Vous avez déjà un compte ÉduConnect activé. Connectez-vous avec votre identifiant.",
    "delivery-failed": "L'envoi du code de sécurité a échoué. Veuillez réessayer dans quelques instants.",
    "code-wrong": "Le code saisi est incorrect. Il vous reste {remaining} essai(s).",
    "code-exhausted": "Trop d'essais incorrects : ce code n'est plus valable. Demandez un nouveau code.",
    "code-missing": "Veuillez saisir le code de sécurité reçu.",
    "legal-missing": "Veuillez confirmer être le représentant légal des élèves.",
    "password-weak": "Le mot de passe ne respecte pas les règles de sécurité.",
    "password-mismatch": "Les deux mots de passe saisis ne sont pas identiques.",
}


def say_refusal(reason: str, channel: str | None = None, **details) -> str:
    """The message for `reason`, the channel's own wording first (« numéro » or « adresse »)."""
    return (MESSAGES.get((reason, channel)) or MESSAGES[reason]).format(**details)
