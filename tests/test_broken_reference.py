"""Proof that the suite's assertions bite: each deliberate defect of the
reference stack (mock_services/faults.py) must make the scenarios that check
that behaviour fail in one of their steps (not in set-up)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mock_services.faults import FAULTS

ROOT = Path(__file__).resolve().parent.parent
LOGIN_PAGE = "La page de connexion d'ÉduConnect d'un responsable d'élève"
FC_ACTIVATION = "Le parent active son compte avec FranceConnect et arrive dans l'ENT avec ses enfants"
# features/conformance/fournisseur_de_service_saml.feature
SP_INITIATED = "[Profiles 4.1.2 à 4.1.4] La connexion demandée par l'ENT aboutit"
UNSOLICITED = "[Profiles 4.1.5] La connexion à l'initiative d'ÉduConnect, celle des tuiles, aboutit"
SINGLE_LOGOUT = "[Profiles 4.4] La déconnexion de l'ENT ferme la session ÉduConnect par un Single Logout"
UNSIGNED = "[Profiles 4.1.3.5] Une réponse dont ni la réponse ni l'assertion ne sont signées est refusée"
FOREIGN_KEY = ("[Core 5, Metadata 2.4.1.1] Une réponse signée par une clé qui n'est pas celle d'ÉduConnect "
               "est refusée")
AUDIENCE = "[Core 2.5.1.4, Profiles 4.1.4.2] Une assertion destinée à un autre service est refusée"
EXPIRED = "[Core 2.5.1.2, Profiles 4.1.4.3] Une assertion expirée est refusée"
NOT_YET_VALID = "[Core 2.5.1.2] Une assertion qui n'est pas encore valable est refusée"
REPLAY = "[Profiles 4.1.4.5] Une réponse déjà utilisée est refusée"
IN_RESPONSE_TO = "[Profiles 4.1.4.3] Une réponse à une demande que l'ENT n'a pas faite est refusée"
DESTINATION = "[Bindings 3.5.5.2] Une réponse adressée à une autre URL est refusée"
NO_REF_ID = "[ÉduConnect, FrEduCtRefId] Une réponse sans l'attribut de jointure est refusée"
UNKNOWN_USER = "[ÉduConnect, FrEduCtRefId] Un utilisateur d'ÉduConnect inconnu de l'ENT est refusé"

# fault -> the scenarios (by name) that must fail against it
EXPECTED_FAILURES = {
    "message-identifiants-incorrects": ["Un mot de passe erroné est refusé",
                                        "Un identifiant inconnu est refusé avec le même message"],
    "champs-obligatoires-ignores": ["L'identifiant et le mot de passe sont obligatoires"],
    "verrouillage-absent": ["Après cinq échecs, le compte est bloqué pendant 15 minutes"],
    "verrouillage-permanent": ["Après cinq échecs, le compte est bloqué pendant 15 minutes"],
    "profil-parent-absent": ["La page d'authentification de l'ENT propose les cinq profils",
                             "Le profil « Parent » mène au choix du profil sur ÉduConnect", SP_INITIATED],
    "enfant-absent": ["Un parent au compte activé se connecte et arrive dans l'ENT avec son enfant"],
    "slo-ignore": ["La déconnexion ferme l'ENT et ÉduConnect"],
    "utilisateur-inconnu-accepte": ["Un utilisateur ÉduConnect que l'ENT ne connaît pas est refusé",
                                    NO_REF_ID, UNKNOWN_USER],
    "charte-absente": ["La charte d'utilisation s'ouvre depuis la page d'authentification"],
    "profil-eleve-absent": ["Le profil « Parent » mène au choix du profil sur ÉduConnect"],
    "aide-identifiant-absente": [LOGIN_PAGE],
    "lien-identifiant-oublie-absent": [LOGIN_PAGE],
    "franceconnect-absent": [LOGIN_PAGE],
    "avertissement-compte-unique-absent": [LOGIN_PAGE],
    "mention-champs-obligatoires-absente": [LOGIN_PAGE],
    "expiration-code-ignoree": ["Le code expire au bout de 30 minutes et « Réessayer » en envoie un nouveau"],
    "date-naissance-ignoree": ["Une date de naissance erronée n'empêche pas de continuer l'inscription"],
    "message-numero-inconnu": ["Un numéro que l'école ne connaît pas est refusé"],
    "franceconnect-nonce-ignore": ["ÉduConnect refuse un jeton d'identité dont le nonce n'est pas celui de la demande"],
    "franceconnect-state-ignore": ["ÉduConnect refuse un retour de FranceConnect dont le state n'est pas celui de la demande"],
    "franceconnect-mauvaise-cle": [FC_ACTIVATION, "Mot de passe oublié : le parent se connecte avec FranceConnect"],
    "franceconnect-sans-confirmation": [FC_ACTIVATION],
    "franceconnect-deconnexion-ignoree": ["La déconnexion de l'ENT ferme aussi la session FranceConnect"],
    "courriel-facultatif": ["L'adresse mail est obligatoire"],
    "validite-courrier-ignoree": ["Un courrier de plus de 3 mois n'est plus valable"],
    "console-toutes-ecoles": ["La direction ne voit pas les familles d'une autre école"],
    "identifiant-envoye-sans-compte": ["Une adresse mail rattachée à aucun compte est signalée et ne reçoit rien"],
    "lien-reinitialisation-reutilisable": ["Le lien de réinitialisation ne sert qu'une fois"],
    "signature-facultative": [UNSIGNED],
    "cle-de-signature-ignoree": [FOREIGN_KEY],
    "audience-ignoree": [AUDIENCE],
    "validite-ignoree": [EXPIRED, NOT_YET_VALID],
    "rejeu-accepte": [REPLAY],
    "inresponseto-ignore": [IN_RESPONSE_TO],
    "destination-ignoree": [DESTINATION],
    "non-sollicite-refuse": [UNSOLICITED, REPLAY],
    "slo-absent": [SINGLE_LOGOUT, "La déconnexion ferme l'ENT et ÉduConnect",
                   "La déconnexion de l'ENT ferme aussi la session FranceConnect"],
    "session-ent-conservee": [SINGLE_LOGOUT, "La déconnexion ferme l'ENT et ÉduConnect",
                              "La déconnexion de l'ENT ferme aussi la session FranceConnect"],
    "courriel-modifie-sans-validation": ["La nouvelle adresse mail n'est enregistrée qu'après le clic sur le lien "
                                         "d'activation"],
}


def test_every_fault_has_scenarios_that_must_catch_it():
    assert set(EXPECTED_FAILURES) == set(FAULTS)


def run_scenarios(tmp_path: Path, names: list[str], fault: str) -> dict[str, str]:
    """Run the named scenarios against a stack with `fault`; scenario name -> status,
    where "failed" also requires a screenshot on the failed step."""
    report = tmp_path / "cucumber.json"
    selection = " or ".join(f"test_{_slug(n)}" for n in names)
    env = {**os.environ, "EDUCONNECT_REFERENCE_FAULTS": fault}
    subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "harness.cucumber_report", f"--cucumber-report={report}", "-k", selection,
         f"--output={tmp_path / 'traces'}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    statuses = {}
    for feature in json.loads(report.read_text()):
        for element in feature["elements"]:
            results = [s["result"]["status"] for s in element["steps"]]
            failed = [s for s in element["steps"] if s["result"]["status"] == "failed"]
            if failed and not any(e["mime_type"] == "image/png" for e in failed[0].get("embeddings", [])):
                statuses[element["name"]] = "failed without a screenshot"
            else:
                statuses[element["name"]] = "failed" if failed else (
                    "passed" if set(results) == {"passed"} else "other")
    return statuses


def _slug(name: str) -> str:
    """pytest-bdd's test name for a scenario (keep in step with pytest_bdd.scenario.make_python_name)."""
    from pytest_bdd.scenario import make_python_name
    return make_python_name(name)


@pytest.mark.parametrize("fault", sorted(EXPECTED_FAILURES))
def test_broken_reference_makes_the_matching_scenarios_fail(tmp_path, fault):
    names = EXPECTED_FAILURES[fault]
    statuses = run_scenarios(tmp_path, names, fault)
    assert set(statuses) == set(names), f"scenarios not run: {set(names) - set(statuses)}"
    assert all(status == "failed" for status in statuses.values()), statuses
