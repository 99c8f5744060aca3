"""A director acts on their own school's families only, whatever the URL says."""
import re

import requests


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_director_cannot_act_on_another_schools_family(stack):
    mine, theirs = stack.world.create_family(), stack.world.create_family()
    director = stack.world.create_director(mine.school.uai)
    base = stack.services["educonnect"].loopback_url + "/console"
    with requests.Session() as browser:
        page = browser.get(base + "/connexion", timeout=5)
        r = browser.post(base + "/connexion", data={"csrf_token": csrf(page.text), "identifiant": director.login,
                                                     "mot_de_passe": director.password}, timeout=5)
        assert r.status_code == 200 and mine.guardian.last_name in r.text
        assert theirs.guardian.last_name not in r.text
        token = csrf(r.text)
        for action in ("identifiant", "courrier"):
            r = browser.post(f"{base}/responsables/{theirs.guardian.id}/{action}", data={"csrf_token": token},
                             timeout=5, allow_redirects=False)
            assert r.status_code == 404, action
        r = browser.post(f"{base}/responsables/{mine.guardian.id}/identifiant", data={"csrf_token": token}, timeout=5)
        assert mine.account.login in r.text


def test_console_login_is_refused_with_a_french_message(stack):
    base = stack.services["educonnect"].loopback_url + "/console"
    with requests.Session() as browser:
        page = browser.get(base + "/connexion", timeout=5)
        r = browser.post(base + "/connexion", data={"csrf_token": csrf(page.text), "identifiant": "personne",
                                                     "mot_de_passe": "x"}, timeout=5)
        assert r.status_code == 401 and "Identifiant ou mot de passe incorrect." in r.text


def test_the_console_keeps_no_address_mail_cannot_go_to(stack):
    family = stack.world.create_family()
    director = stack.world.create_director(family.school.uai)
    app = stack.services["educonnect"].app
    browser = app.test_client()
    with browser.session_transaction() as s:
        s.update(stack.educonnect.session_of(director=director.login))
    url = f"/console/responsables/{family.guardian.id}"
    page = browser.get(url).text
    fields = {"csrf_token": csrf(page), "mobile": family.guardian.mobile,
              **{f"naissance-{p.id}": p.birth_date.isoformat() for p in family.pupils}}
    r = browser.post(url, data={**fields, "email": "lea\r\nBcc: x@exemple.test"})
    assert r.status_code == 400 and "L&#39;adresse mail saisie n&#39;est pas valide." in r.text
    assert stack.world.guardian(family.guardian.id).email == family.guardian.email
    r = browser.post(url, data={**fields, "email": "Lea.Autre@Exemple.test"})
    assert r.status_code == 302 and stack.world.guardian(family.guardian.id).email == "lea.autre@exemple.test"
