"""`python -m mock_services serve`: the reference stack for people, with a demo family."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .cli import ArgumentParser, data_folder, fail, integer, os_reason
from .faults import FAULTS, Faults
from .web.server import PortError, wait_until_stopped


def main(argv: list[str] | None = None, prog: str = "python -m mock_services") -> int:
    """`prog`: the command's name in its help and errors (educonnect-conformance passes its own)."""
    parser = ArgumentParser(prog=prog, description="Pile de référence ÉduConnect / ENT.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="démarre la pile et la garde ouverte (Ctrl-C pour arrêter)")
    serve.add_argument("--port-base", type=integer(0, 65530, "un port"), default=8400,
                       help="premier port : ENT, ÉduConnect, pilotage, messagerie, SMS, FranceConnect (défaut 8400 ; 0 = ports libres)")
    serve.add_argument("--data", type=Path, default=None, help="dossier des données (défaut : dossier temporaire)")
    serve.add_argument("--faults", default="", help="défauts volontaires, séparés par des virgules : " + ", ".join(FAULTS))
    ent = sub.add_parser("serve-ent", help="l'ENT de référence seul, comme l'ENT d'un éditeur (mode cible)")
    ent.add_argument("--port", type=integer(1, 65535, "un port"), required=True, help="port de l'ENT (http://ent.localhost:<port>)")
    ent.add_argument("--metadonnees-idp", required=True,
                     help="métadonnées SAML de l'ÉduConnect à qui se fier : URL http(s) ou fichier")
    ent.add_argument("--jeton", required=True, help="jeton (Bearer) du crochet de provisionnement")
    ent.add_argument("--data", type=Path, default=None, help="dossier des données (défaut : dossier temporaire)")
    ent.add_argument("--faults", default="", help="défauts volontaires de l'ENT, séparés par des virgules")
    sub.metavar = "{" + ",".join(sub.choices) + "}"  # what a missing command names, as the usage line does
    args = parser.parse_args(argv)
    if args.command == "serve-ent":
        from .ent.standalone import serve_ent
        return serve_ent(ent, args)

    try:
        faults = Faults.parse(args.faults)
    except ValueError as err:
        serve.error(f"--faults : {err}")
    if args.data is not None and (problem := data_folder(args.data)):
        return fail(serve.prog, problem)

    from .stack import Stack
    started = time.perf_counter()
    try:
        stack = Stack.start(faults=faults, workdir=args.data, port_base=args.port_base)
    except PortError as err:
        return fail(serve.prog, f"--port-base : {err} ; choisissez une autre base (la pile prend six ports à "
                                "partir d'elle), ou --port-base 0 pour des ports libres")
    except OSError as err:
        where = f" « {err.filename} »" if err.filename else ""
        return fail(serve.prog, f"la pile ne démarre pas :{where} {os_reason(err)}")
    family = stack.world.create_family(children=2)
    newcomer = stack.world.create_family(children=1, activated=False)
    letter_family = stack.world.create_family(children=1, activated=False, school_uai=family.school.uai)
    director = stack.world.create_director(family.school.uai)
    elapsed = time.perf_counter() - started
    g = family.guardian
    print(f"Pile de référence démarrée en {elapsed:.2f} s.")
    print(f"  ENT (connexion)      {stack.urls['ent']}/auth/saml/wayf")
    print(f"  ÉduConnect           {stack.urls['educonnect']}")
    print(f"  Métadonnées SAML IdP {stack.educonnect_metadata_url}")
    print(f"  Messagerie (mails)   {stack.urls['mail']}/")
    print(f"  SMS reçus            {stack.urls['sms']}/")
    print(f"    (défauts par numéro : {stack.services['sms'].loopback_url}/api/faults, "
          f"en-tête Authorization: Bearer {stack.sms_token})")
    print(f"  FranceConnect        {stack.franceconnect.issuer}/.well-known/openid-configuration")
    print(f"  API de pilotage      {stack.services['control'].loopback_url}/  (monde et horloge, JSON ; "
          "sa description OpenAPI : /api/openapi.json)")
    print(f"Famille de démonstration : {g.civility} {g.first_name} {g.last_name}, "
          f"enfants {', '.join(f'{p.first_name} ({p.class_name})' for p in family.pupils)}")
    print(f"  identifiant {family.account.login}   mot de passe {family.account.password}")
    n = newcomer.guardian
    print(f"Parent sans compte (pour « Je n'ai pas de compte ») : {n.first_name} {n.last_name}, "
          f"portable {n.mobile}, mail {n.email}, enfant {newcomer.pupils[0].first_name} "
          f"né(e) le {newcomer.pupils[0].birth_date:%d/%m/%Y}")
    fc = stack.franceconnect.add_identity(f"{n.first_name} Marie", n.last_name.upper(), "1985-06-15",
                                          "female" if n.civility == "Mme" else "male", login="parent", password="123")
    print(f"  ou « S'identifier avec FranceConnect » : identifiant {fc.login}   mot de passe {fc.password} "
          f"(puis le portable ci-dessus) ; identité de démonstration FranceConnect : test / 123")
    lf = letter_family.guardian
    print(f"Direction de l'école ({family.school.name}) : console {stack.urls['educonnect']}/console, "
          f"identifiant {director.login}   mot de passe {director.password}")
    print(f"  (à la console, « Envoyer le courrier » à {lf.first_name} {lf.last_name} ; "
          f"le courrier arrive dans la messagerie, adressé à {lf.email})")
    print("Ctrl-C pour arrêter.", flush=True)
    wait_until_stopped()
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
