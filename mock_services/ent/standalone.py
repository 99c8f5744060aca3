"""`python -m mock_services serve-ent`: the reference ENT alone, trusting a given
ÉduConnect, as a vendor's ENT would run (targets/reference.toml starts it)."""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from ..clock import Clock
from ..faults import Faults
from ..saml.sp import SpError
from ..web.localhost import read_document
from ..web.server import ServiceThread, wait_until_stopped
from .app import build_ent, create_ent_app

READY = "ENT prêt"


def serve_ent(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        parser.error("--port : un port entre 1 et 65535 est attendu")
    if not args.jeton.strip():
        parser.error("--jeton : le jeton ne peut pas être vide")
    try:
        faults = Faults.parse(args.faults)
    except ValueError as err:
        parser.error(f"--faults : {err}")
    try:
        idp_metadata = read_document(args.metadonnees_idp)
    except OSError as err:
        parser.error(f"--metadonnees-idp : {err}")
    own = args.data is None
    workdir = Path(tempfile.mkdtemp(prefix="educonnect-ent-")) if own else args.data
    try:
        service = ServiceThread("ent", "ent.localhost", args.port)
    except OSError as err:
        parser.error(f"--port : impossible d'écouter sur le port {args.port} ({err})")
    try:
        ent = build_ent(service.url, workdir, idp_metadata, Clock(), faults, args.jeton)
    except SpError as err:
        service.stop()
        parser.error(f"--metadonnees-idp : métadonnées inutilisables ({err})")
    service.start(create_ent_app(ent))
    print(f"{READY} : {service.url}", flush=True)
    print(f"  métadonnées SAML du fournisseur de service : {ent.sp.entity_id}", flush=True)
    wait_until_stopped()
    service.stop()
    ent.db.dispose()
    if own:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
