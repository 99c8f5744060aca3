"""`python -m mock_services serve-ent`: the reference ENT alone, trusting a given
ÉduConnect, as a vendor's ENT would run (targets/reference.toml starts it)."""
from __future__ import annotations

import argparse
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from ..cli import data_folder, fail
from ..clock import Clock
from ..faults import Faults
from ..web.localhost import read_document
from ..web.server import PortError, ServiceThread, wait_until_stopped

READY = "ENT prêt"
MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"


def serve_ent(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Exit 2 for a wrong command line, 4 when the ENT cannot start (mock_services/cli.py)."""
    if not args.jeton.strip():
        parser.error("--jeton : le jeton ne peut pas être vide ; donnez celui du crochet de provisionnement")
    try:
        faults = Faults.parse(args.faults)
    except ValueError as err:
        parser.error(f"--faults : {err}")
    source = args.metadonnees_idp
    try:
        problem = idp_metadata_problem(idp_metadata := read_document(source))
    except OSError as err:
        problem = str(err)
    if problem:
        return fail(parser.prog, f"--metadonnees-idp : {problem} ; donnez l'URL ou le fichier des métadonnées "
                                 "SAML de l'ÉduConnect")
    if args.data is not None and (problem := data_folder(args.data)):
        return fail(parser.prog, problem)
    try:
        service = ServiceThread("ent", "ent.localhost", args.port)
    except PortError as err:
        return fail(parser.prog, f"--port : {err} ; choisissez-en un autre avec --port")
    from ..saml.sp import SpError  # pysaml2: 2 s, after the checks above
    from .app import build_ent, create_ent_app

    own = args.data is None
    workdir = Path(tempfile.mkdtemp(prefix="educonnect-ent-")) if own else args.data
    try:
        ent = build_ent(service.url, workdir, idp_metadata, Clock(), faults, args.jeton)
    except SpError as err:
        service.stop()
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
        return fail(parser.prog, f"--metadonnees-idp : métadonnées inutilisables ({err})")
    service.start(create_ent_app(ent))
    print(f"{READY} : {service.url}", flush=True)
    print(f"  métadonnées SAML du fournisseur de service : {ent.sp.entity_id}", flush=True)
    wait_until_stopped()
    service.stop()
    ent.db.dispose()
    if own:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def idp_metadata_problem(xml: str) -> str | None:
    """Why `xml` is not the SAML metadata of one IdP, in French (None: it is)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as err:
        line, column = err.position
        return f"le document n'est pas du XML (ligne {line}, colonne {column + 1})"
    if root.tag not in (MD + "EntityDescriptor", MD + "EntitiesDescriptor"):
        return f"le document n'est pas des métadonnées SAML (racine {root.tag}, EntityDescriptor attendu)"
    idps = root.findall(f".//{MD}IDPSSODescriptor")
    if len(idps) != 1:
        return f"les métadonnées décrivent {len(idps)} fournisseur(s) d'identité (IDPSSODescriptor), un seul attendu"
    for service in ("SingleSignOnService", "SingleLogoutService"):  # where the ENT sends its requests
        if not any(e.get("Binding") == REDIRECT and e.get("Location") for e in idps[0].iter(MD + service)):
            return f"les métadonnées n'ont pas de {service} en HTTP-Redirect (l'ENT y envoie ses demandes)"
    return None
