"""Target profiles: the shipped ones load, and every fault names its field in French."""
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.profile import ProfileError, load_profile
from harness.target import profile_target

TARGETS = Path(__file__).resolve().parent.parent / "targets"

MINIMAL = """\
nom = "ENT X"
[ent]
url = "http://ent.localhost:8440/"
page_connexion = "/auth/saml/wayf"
[saml]
metadonnees = "http://ent.localhost:8440/metadata.xml"
[provisionnement]
url = "http://ent.localhost:8440/api/provisioning/parents"
jeton = "secret"
"""


def write(tmp_path, text: str, name: str = "x.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


def errors_of(tmp_path, text: str, environ=None) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path, environ={} if environ is None else environ)
    message = str(caught.value)
    assert all(line.startswith(f"{path} : ") for line in message.splitlines()), message
    return message


@pytest.mark.parametrize("path", sorted(TARGETS.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_profile_loads(path):
    assert load_profile(path, environ={"ENT_EXEMPLE_JETON": "jeton"}).name


def test_reference_profile_loads():
    profile = load_profile(TARGETS / "reference.toml")
    assert profile.name == "ENT de référence (processus séparé)"
    assert profile.ent_url == "http://ent.localhost:8440"
    assert (profile.login_path, profile.home_path) == ("/auth/saml/wayf", "/")
    assert profile.sp_metadata_is_url
    assert profile.provisioning_token == "reference-jeton-de-provisionnement"
    assert profile.educonnect_metadata_url == "http://educonnect.localhost:8441/idp/shibboleth"
    assert profile.launch.ready_text == "ENT prêt" and profile.launch.timeout == 30
    assert profile.launch_command(metadonnees_educonnect="/tmp/idp.xml") == [
        sys.executable, "-m", "mock_services", "serve-ent", "--port", "8440",
        "--metadonnees-idp", "/tmp/idp.xml", "--jeton", "reference-jeton-de-provisionnement"]


def test_vendor_example_loads_with_its_token_variable():
    profile = load_profile(TARGETS / "exemple-editeur.toml", environ={"ENT_EXEMPLE_JETON": " jeton "})
    assert profile.provisioning_token == "jeton"
    assert profile.ent_url.startswith("https://")
    assert profile.labels["PARENT"] != "PARENT"
    assert profile.launch is None


def test_defaults_and_normalisation(tmp_path):
    profile = load_profile(write(tmp_path, MINIMAL))
    assert profile.path == tmp_path / "x.toml"
    assert profile.ent_url == "http://ent.localhost:8440"
    assert profile.home_path is None
    assert profile.children_label == "Mes enfants"
    assert profile.refusal_text.search("La connexion a ÉCHOUÉ")
    assert profile.educonnect_port == 8441
    assert profile.educonnect_keys == Path.cwd() / ".conformance/educonnect"
    assert profile.educonnect_clock_offset == 0
    assert (profile.several_records, profile.chooser_text) == ("fusion", "Choisissez le compte pour vous connecter :")
    assert profile.launch is None
    assert load_profile(write(tmp_path, MINIMAL + "[educonnect]\ndecalage_horloge = -90\n")).educonnect_clock_offset == -90


def test_label_greeting_and_launch_command(tmp_path):
    text = MINIMAL + """\
[ent.libelles]
"PARENT" = "Parent d'élève"
[ent.apres_connexion]
salutation = "Bienvenue {civilite} {prenom} {nom} !"
[educonnect]
port = 9000
[lancement]
commande = ["{python}", "--idp={metadonnees_educonnect}", "{jeton}", "{port_educonnect}", "a{", "}"]
pret = "prêt"
delai = 2.5
"""
    profile = load_profile(write(tmp_path, text))
    target = profile_target(profile, SimpleNamespace(urls={"educonnect": "http://educonnect.localhost:9000"},
                                                     clock=SimpleNamespace(advance=None, now=None)),
                            "http://ent.example/sp")
    assert target.label("PARENT") == "Parent d'élève" and target.label("ÉLÈVE") == "ÉLÈVE"
    assert target.greeting("Mme", "Léa", "Martin") == "Bienvenue Mme Léa Martin !"
    assert target.greeting("", "Léa", "Martin") == "Bienvenue Léa Martin !"
    assert target.unsolicited_login_url == ("http://educonnect.localhost:9000/idp/profile/SAML2/Unsolicited/SSO"
                                            "?providerId=http%3A%2F%2Fent.example%2Fsp")
    assert profile.launch.timeout == 2.5
    assert profile.launch_command(metadonnees_educonnect="m.xml") == [
        sys.executable, "--idp=m.xml", "secret", "9000", "a{", "}"]
    with pytest.raises(TypeError):
        profile.launch_command(metadonnees_educonnect="m.xml", inconnu="x")
    with pytest.raises(TypeError):
        profile.launch_command()


def test_sp_metadata_file_relative_to_profile(tmp_path):
    (tmp_path / "sp.xml").write_text("<md/>")
    profile = load_profile(write(tmp_path, replace('"http://ent.localhost:8440/metadata.xml"', '"sp.xml"')))
    assert profile.sp_metadata == str(tmp_path / "sp.xml") and not profile.sp_metadata_is_url


def test_sp_metadata_file_may_be_created_by_the_launched_ent(tmp_path):
    text = replace('"http://ent.localhost:8440/metadata.xml"', '"cree/sp.xml"') + \
        '[lancement]\ncommande = ["ent"]\npret = "prêt"\n'
    assert load_profile(write(tmp_path, text)).sp_metadata == str(tmp_path / "cree" / "sp.xml")


def test_token_from_environment(tmp_path):
    text = replace('jeton = "secret"', 'jeton_env = "ENT_JETON"')
    assert load_profile(write(tmp_path, text), environ={"ENT_JETON": "abc"}).provisioning_token == "abc"


@pytest.mark.parametrize("text, expected", [
    (replace('nom = "ENT X"\n', ""), "champ « nom » manquant"),
    (replace('"ENT X"', '"  "'), "« nom » doit être un texte non vide"),
    (replace('url = "http://ent.localhost:8440/"\n', ""), "champ « ent.url » manquant"),
    (replace('"http://ent.localhost:8440/"', '"ftp://x"'), "« ent.url » doit être une URL http(s) (reçu « ftp://x »)"),
    (replace('"http://ent.localhost:8440/"', '"ent.localhost"'), "« ent.url » doit être une URL http(s)"),
    (replace('"http://ent.localhost:8440/"', '"http://x:99999"'), "« ent.url » doit être une URL http(s)"),
    (replace('"http://ent.localhost:8440/"', '"http://x/?a=1"'), "« ent.url » ne doit contenir ni requête"),
    (replace('"http://ent.localhost:8440/"', '"http://x/#top"'), "« ent.url » ne doit contenir ni requête"),
    (replace('"/auth/saml/wayf"', '"auth"'), "« ent.page_connexion » doit être un chemin commençant par « / »"),
    (replace('"/auth/saml/wayf"', '"//evil.example/"'), "« ent.page_connexion » doit être un chemin"),
    (replace('page_connexion = "/auth/saml/wayf"\n', ""), "champ « ent.page_connexion » manquant"),
    (replace('page_connexion', 'accueil = "accueil"\npage_connexion'), "« ent.accueil » doit être un chemin"),
    (replace("[ent]\n", "[ent]\nurll = 1\n"), "champ inconnu « ent.urll » (vouliez-vous dire « ent.url » ?)"),
    (replace('nom = "ENT X"', 'nom = "ENT X"\nzzz = 1'), "champ inconnu « zzz »\n"),
    (MINIMAL + "[educonect]\nport = 1\n", "champ inconnu « educonect » (vouliez-vous dire « educonnect » ?)"),
    (MINIMAL + "[ent.apres_connexion]\nsalutations = 'x'\n",
     "champ inconnu « ent.apres_connexion.salutations » (vouliez-vous dire « ent.apres_connexion.salutation » ?)"),
    (replace("[ent]\n", 'ent = "x"\n[ent2]\n'), "« ent » doit être une table [ent] (reçu « x »)"),
    (replace("[ent]\n", "[ent\n"), "TOML illisible, ligne 2, colonne 5 : « ] » attendu à la fin du nom de la table"),
    (MINIMAL + '[ent.libelles]\n"Se connecter" = ""\n', "« ent.libelles.\"Se connecter\" » doit être un texte non vide"),
    (MINIMAL + '[ent.libelles]\nPARENT = 3\n', "« ent.libelles.PARENT » doit être un texte non vide (reçu « 3 »)"),
    (MINIMAL + "[ent.apres_connexion]\nsalutation = 'Bonjour {prenom} {nom_famille}'\n",
     "« ent.apres_connexion.salutation » : paramètre inconnu « {nom_famille} »"),
    (MINIMAL + "[ent.apres_connexion]\nenfants = ''\n", "« ent.apres_connexion.enfants » doit être un texte non vide"),
    (MINIMAL + "[ent.refus]\ntexte = 'erreur('\n", "« ent.refus.texte » n'est pas une expression régulière valide"),
    (MINIMAL + "[ent.refus]\ntexte = '(?i)erreur'\n", "« ent.refus.texte » : pas de drapeau en ligne"),
    (replace('metadonnees = "http://ent.localhost:8440/metadata.xml"\n', ""), "champ « saml.metadonnees » manquant"),
    (replace('"http://ent.localhost:8440/metadata.xml"', '"ftp://x/md.xml"'),
     "« saml.metadonnees » doit être une URL http(s) (reçu « ftp://x/md.xml »)"),
    (replace('"http://ent.localhost:8440/metadata.xml"', '"absent.xml"'), "« saml.metadonnees » : fichier introuvable"),
    (replace('url = "http://ent.localhost:8440/api/provisioning/parents"\n', ""),
     "champ « provisionnement.url » manquant"),
    (replace('"http://ent.localhost:8440/api/provisioning/parents"', '"localhost/api"'),
     "« provisionnement.url » doit être une URL http(s)"),
    (replace('jeton = "secret"\n', ""), "champ « provisionnement.jeton » ou « provisionnement.jeton_env » manquant"),
    (replace('jeton = "secret"', 'jeton = "secret"\njeton_env = "X"'), "s'excluent"),
    (replace('jeton = "secret"', 'jeton = ""'), "« provisionnement.jeton » doit être un texte non vide"),
    (replace('jeton = "secret"', 'jeton_env = "ENT_JETON"'),
     "« provisionnement.jeton_env » : la variable d'environnement « ENT_JETON » n'est pas définie"),
    (replace("[provisionnement]\n", "[provisionement]\n"), "table « [provisionnement] » manquante"),
    (replace("[saml]\n", "saml = 1\n[sam]\n"), "champ inconnu « sam » (vouliez-vous dire « saml » ?)"),
    (MINIMAL + "[educonnect]\nport = 0\n", "« educonnect.port » doit être un entier entre 1 et 65535 (reçu « 0 »)"),
    (MINIMAL + "[educonnect]\nport = '8441'\n", "« educonnect.port » doit être un entier"),
    (MINIMAL + "[educonnect]\nport = true\n", "« educonnect.port » doit être un entier"),
    (MINIMAL + "[educonnect]\ncles = 3\n", "« educonnect.cles » doit être un texte non vide"),
    (MINIMAL + "[educonnect]\ndecalage_horloge = '30s'\n", "« educonnect.decalage_horloge » doit être un nombre entier"),
    (MINIMAL + "[educonnect]\ndecalage_horloge = 7200\n", "entre -3600 et 3600 (reçu « 7200 »)"),
    (MINIMAL + "[ent.apres_connexion]\nplusieurs_dossiers = 'les deux'\n",
     "« ent.apres_connexion.plusieurs_dossiers » doit valoir « fusion » ou « choix » (reçu « les deux »)"),
    (replace('nom = "ENT X"', 'nom = "ENT X"\neduconnect = 3'), "« educonnect » doit être une table [educonnect]"),
    (MINIMAL + "[lancement]\npret = 'prêt'\n", "champ « lancement.commande » manquant"),
    (MINIMAL + "[lancement]\ncommande = []\npret = 'prêt'\n", "« lancement.commande » doit être une liste non vide"),
    (MINIMAL + "[lancement]\ncommande = 'ent --start'\npret = 'prêt'\n", "« lancement.commande » doit être une liste"),
    (MINIMAL + "[lancement]\ncommande = ['ent', 8440]\npret = 'prêt'\n",
     "« lancement.commande[1] » doit être un texte (reçu « 8440 »)"),
    (MINIMAL + "[lancement]\ncommande = ['ent', '--port={port}']\npret = 'prêt'\n",
     "« lancement.commande[1] » : paramètre inconnu « {port} »"),
    (MINIMAL + "[lancement]\ncommande = ['ent']\n", "champ « lancement.pret » manquant"),
    (MINIMAL + "[lancement]\ncommande = ['ent']\npret = 'ok'\ndelai = 0\n",
     "« lancement.delai » doit être un nombre de secondes > 0 (reçu « 0 »)"),
    (MINIMAL + "[lancement]\ncommande = ['ent']\npret = 'ok'\ndelai = nan\n", "« lancement.delai » doit être un nombre"),
    (MINIMAL + "[lancement]\ncommande = ['ent']\npret = 'ok'\ndelais = 3\n",
     "champ inconnu « lancement.delais » (vouliez-vous dire « lancement.delai » ?)"),
])
def test_each_fault_names_its_field(tmp_path, text, expected):
    assert expected in errors_of(tmp_path, text) + "\n"


def test_empty_token_variable(tmp_path):
    text = replace('jeton = "secret"', 'jeton_env = "ENT_JETON"')
    assert "« ENT_JETON » est vide" in errors_of(tmp_path, text, environ={"ENT_JETON": " "})


def test_missing_file(tmp_path):
    with pytest.raises(ProfileError, match=r"absent\.toml : fichier introuvable$"):
        load_profile(tmp_path / "absent.toml")


def test_not_utf8(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes("nom = 'é'".encode("latin-1"))
    with pytest.raises(ProfileError, match="pas en UTF-8"):
        load_profile(path)


def test_all_faults_are_listed_at_once(tmp_path):
    text = """\
nom = ""
[ent]
url = "ftp://x"
page_connexion = "wayf"
[saml]
[provisionnement]
url = "http://p"
jeton_env = "ABSENTE"
[lancement]
commande = ["{pyton}"]
pret = "prêt"
"""
    message = errors_of(tmp_path, text)
    lines = message.splitlines()
    for field in ("nom", "ent.url", "ent.page_connexion", "saml.metadonnees", "provisionnement.jeton_env",
                  "lancement.commande[0]"):
        assert sum(f"« {field} »" in line for line in lines) == 1, (field, message)
    assert len(lines) == 6


def test_launch_values_are_not_substituted_again(tmp_path):
    text = MINIMAL + '[lancement]\ncommande = ["ent", "{metadonnees_educonnect}{jeton}"]\npret = "prêt"\n'
    profile = load_profile(write(tmp_path, text))
    assert profile.launch_command(metadonnees_educonnect="{jeton}") == ["ent", "{jeton}secret"]
