"""Starts and stops the whole reference stack in one process, one thread per
service, each on its own loopback port (or one of another interface) and `*.localhost` host name."""
from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .clock import Clock
from .db import Database
from .educonnect.app import EduConnect, create_educonnect_app
from .educonnect.shared.models import Base as EduConnectBase
from .ent.app import Ent, build_ent, create_ent_app
from .control import create_control_app
from .educonnect.franceconnect.client import FranceConnectClient, register_with
from .educonnect.shared.notify import Notifier
from .franceconnect import FranceConnect, create_franceconnect_app
from .faults import Faults
from .mail import MailStore, SmtpServer, create_mail_app
from .sms import SmsStore, create_sms_app
from .sms.client import SmsGatewayClient
from .saml.idp import SamlIdp
from .saml.keys import load_or_make_keypair, make_keypair
from .web.app import session_cookie
from .web.server import LOOPBACK, ServiceThread
from .world import World

HOSTS = {"ent": "ent.localhost", "educonnect": "educonnect.localhost", "control": "control.localhost",
         "mail": "mail.localhost", "sms": "sms.localhost", "franceconnect": "franceconnect.localhost"}
SMS_SERVICE = "sms-educonnect"


@dataclass
class Stack:
    clock: Clock
    world: World
    ent: Ent | None  # None when the ENT under test runs elsewhere (target mode)
    educonnect: EduConnect
    services: dict[str, ServiceThread]
    mail_store: MailStore
    sms_store: SmsStore
    sms_gateway: object  # GatewayFaults: set_fault(number, fault), clear()
    smtp: SmtpServer
    workdir: Path
    _own_workdir: bool
    franceconnect: FranceConnect | None = None  # add_identity(), tamper(); the provider's Python API
    faults: Faults | None = None  # the deliberate defects every service reads; switched by the proofs
    sms_token: str = ""  # the SMS gateway's bearer token: its jobs and its fault injection (/api/faults)

    @classmethod
    def start(cls, faults: Faults | None = None, workdir: Path | None = None, port_base: int = 0, *,
              external_ent: Callable[[dict], object] | None = None, ports: Mapping[str, int] = {},
              idp_keys: Path | None = None, interface: str = LOOPBACK) -> "Stack":
        """The whole stack, or (with `external_ent`, the provisioning hook of an ENT running
        elsewhere) everything but the ENT. `ports` fixes some services' ports; `idp_keys`
        keeps ÉduConnect's signing key between runs, for an ENT that registered its metadata;
        `interface`: the address the web services listen on (a remote browser's way in; the SMTP
        server, for Python only, stays on loopback)."""
        faults = faults if faults is not None else Faults()
        own = workdir is None
        workdir = Path(tempfile.mkdtemp(prefix="educonnect-stack-")) if own else workdir
        workdir.mkdir(parents=True, exist_ok=True)
        services: dict[str, ServiceThread] = {}
        smtp = None
        try:
            for i, (name, host) in enumerate(HOSTS.items()):
                if name == "ent" and external_ent is not None:
                    continue
                services[name] = ServiceThread(name, host, ports.get(name, port_base + i if port_base else 0),
                                               interface)
            clock = Clock()
            mail_store, sms_store = MailStore(clock), SmsStore(clock)
            smtp = SmtpServer(mail_store)
            smtp.start()
            sms_token = secrets.token_urlsafe(24)
            sms_app = create_sms_app(sms_store, sms_token)
            notifier = Notifier(SmsGatewayClient(services["sms"].loopback_url, SMS_SERVICE, sms_token),
                                smtp.host, smtp.port)
            idp_keypair = (load_or_make_keypair("educonnect", idp_keys) if idp_keys
                           else make_keypair("educonnect", workdir / "keys-educonnect"))
            idp = SamlIdp(services["educonnect"].url, idp_keypair, workdir / "saml-educonnect")
            fc = FranceConnect(services["franceconnect"].url, clock, faults)
            fc_client = FranceConnectClient(register_with(fc, services["educonnect"].url,
                                                          services["franceconnect"].loopback_url), clock, faults)
            ec = EduConnect(services["educonnect"].url, Database(workdir / "educonnect.sqlite", EduConnectBase),
                            clock, faults, idp, notifier, franceconnect=fc_client)
            ent = None
            if external_ent is None:
                ent = build_ent(services["ent"].url, workdir, idp.metadata_xml(), clock, faults,
                                secrets.token_urlsafe(24))
                idp.add_sp_metadata(ent.sp.metadata_xml())
                # ÉduConnect knows the ENT by the metadata of the SP it is at this moment (a fault
                # may change it, e.g. take its encryption key away)
                faults.on_change(lambda: idp.add_sp_metadata(ent.sp.metadata_xml()))
            world = World(ec.db, clock, external_ent or ent.directory.provision_parent, faults)
            stack = cls(clock, world, ent, ec, services, mail_store, sms_store, sms_app.gateway_faults, smtp,
                        workdir, own, franceconnect=fc, faults=faults, sms_token=sms_token)
            services["mail"].start(create_mail_app(mail_store))
            services["sms"].start(sms_app)
            services["franceconnect"].start(create_franceconnect_app(fc))
            services["educonnect"].start(create_educonnect_app(ec))
            if ent is not None:
                services["ent"].start(create_ent_app(ent))
            services["control"].start(create_control_app(world, clock, stack.urls, ec.alterations))
            return stack
        except BaseException:
            for service in services.values():
                service.stop()
            if smtp is not None:
                smtp.stop()
            if own:
                shutil.rmtree(workdir, ignore_errors=True)
            raise

    @property
    def urls(self) -> dict[str, str]:
        return {name: service.url for name, service in self.services.items()}

    @property
    def educonnect_metadata_url(self) -> str:
        return self.educonnect.idp.metadata_url

    def educonnect_session(self, *, director: str | None = None, parent: str | None = None) -> dict:
        """A browser cookie of ÉduConnect signed in as this director (console) or parent
        (« Mon compte »), by login, as their login would leave it: for scenarios whose
        subject is not that login (the login itself has its own scenarios)."""
        service = self.services["educonnect"]
        cookie = session_cookie(service.app, self.educonnect.session_of(director=director, parent=parent))
        return {**cookie, "url": service.url}

    def stop(self) -> None:
        self.sms_gateway.shutdown()  # lets any slowed answer through
        if self.franceconnect is not None:
            self.franceconnect.shutdown()
        for service in self.services.values():
            service.stop()
        self.smtp.stop()
        if self.ent is not None:
            self.ent.db.dispose()
        self.educonnect.db.dispose()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
