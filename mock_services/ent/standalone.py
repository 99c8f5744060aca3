"""`python -m mock_services serve-ent`: the reference ENT alone, trusting a given
ÉduConnect, as a vendor's ENT would run (targets/reference.toml starts it)."""
from __future__ import annotations

import argparse
import shutil
import signal
import tempfile
import threading
from pathlib import Path

import requests

from ..clock import Clock
from ..faults import Faults
from ..saml.sp import SpError
from ..web.localhost import via_loopback
from ..web.server import ServiceThread
from .app import build_ent, create_ent_app

READY = "ENT prêt"


def read_metadata(source: str) -> str:
    """The IdP metadata at an http(s) URL or in a file; OSError/ValueError in French otherwise."""
    if source.startswith(("http://", "https://")):
        url, headers = via_loopback(source)
        try:
            answer = requests.get(url, headers=headers, timeout=10)
        except requests.RequestException as err:
            raise OSError(f"métadonnées injoignables à {source} : {err}") from err
        if answer.status_code != 200:
            raise ValueError(f"{source} a répondu {answer.status_code}")
        return answer.text
    path = Path(source)
    if not path.is_file():
        raise OSError(f"fichier de métadonnées introuvable : {source}")
    return path.read_text("utf-8")


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
        idp_metadata = read_metadata(args.metadonnees_idp)
    except (OSError, ValueError) as err:
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
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    service.stop()
    ent.db.dispose()
    if own:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
