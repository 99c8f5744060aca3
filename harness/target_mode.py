"""Target mode: `pytest steps --target targets/x.toml` runs the scenarios tagged
@ent and @conformance against the ENT a target profile describes.

Before the first scenario, the suite starts the reference ÉduConnect (on the
profile's fixed port, with its signing key kept between runs) and the mocks
around it, starts the ENT if the profile says how, reads the ENT's SAML
metadata and registers it, and prints the ÉduConnect metadata URL the vendor
registers in the ENT. Parents are created in the ENT through its provisioning
hook. A profile or start-up problem stops the run with one French message.
"""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mock_services.cli import ArgumentParser, data_folder, fail, os_reason
from mock_services.faults import Faults
from mock_services.web.localhost import read_document
from mock_services.web.server import PortError

from .ent_process import EntProcess, EntProcessError
from .profile import ProfileError, TargetProfile, load_profile
from .proofs import is_proof
from .provisioning import ProvisioningHook
from .sp_metadata import read_sp_metadata
from .target import Target, profile_target

if TYPE_CHECKING:  # the stack (pysaml2 and its schemas: 1–2 s) is imported when a target run starts
    from mock_services.stack import Stack

FAULTS_ENV = "EDUCONNECT_REFERENCE_FAULTS"
TARGET_TAGS = ("ent", "conformance")  # scenarios that hold for any ENT
METADATA_FILE = "educonnect-metadata.xml"  # written next to ÉduConnect's kept key
ENT_LINES_SHOWN = 20


class TargetModeError(Exception):
    """Why the run against the target cannot start, in French."""


@dataclass
class TargetRun:
    profile: TargetProfile
    stack: Stack
    target: Target
    ent: EntProcess | None
    metadata_warnings: list[str] = field(default_factory=list)  # harness/sp_metadata.py, not fatal

    def stop(self) -> None:
        if self.ent is not None:
            self.ent.stop()
        self.stack.stop()


PROFILE = pytest.StashKey[TargetProfile]()
RUN = pytest.StashKey[TargetRun]()


def pytest_addoption(parser):
    parser.addoption("--target", metavar="PROFIL.toml", default=None,
                     help="profil de cible (targets/*.toml) : les scénarios @ent et @conformance contre cet ENT")


def pytest_configure(config):
    path = config.getoption("--target")
    if not path:
        return
    try:
        config.stash[PROFILE] = load_profile(path)
    except ProfileError as err:
        raise pytest.UsageError("\n".join(f"--target : {line}" for line in err.lines)) from None
    if getattr(config.option, "numprocesses", None):
        raise pytest.UsageError("--target : le mode cible tourne dans un seul processus (retirez -n) : l'ENT "
                                "fait confiance à un seul ÉduConnect, sur un port fixe")


def pytest_collection_modifyitems(config, items):
    if PROFILE not in config.stash:
        return
    # proofs switch faults of the reference ENT on: not in target mode
    kept = [i for i in items if any(i.get_closest_marker(tag) for tag in TARGET_TAGS) and not is_proof(i)]
    deselected = [i for i in items if i not in kept]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_sessionstart(session):
    config = session.config
    if PROFILE not in config.stash or config.option.collectonly:
        return
    try:
        run = start(config.stash[PROFILE])
    except TargetModeError as err:
        pytest.exit(f"mode cible : {err}", returncode=pytest.ExitCode.USAGE_ERROR)
    config.stash[RUN] = run
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        p = run.profile
        reporter.write_line(f"Cible : {p.name} ({p.ent_url})", bold=True)
        reporter.write_line(f"  Métadonnées SAML de l'ÉduConnect de référence, à enregistrer dans l'ENT : "
                            f"{p.educonnect_metadata_url}")
        reporter.write_line(f"  (le même document : {p.educonnect_keys / METADATA_FILE})")
        for warning in run.metadata_warnings:
            reporter.write_line(f"  Métadonnées de l'ENT, avertissement : {warning}", yellow=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """On a failure, the last lines the launched ENT wrote: often the reason it refused."""
    run = config.stash.get(RUN, None)
    if run is None or run.ent is None or exitstatus == 0:
        return
    lines = run.ent.output()[-ENT_LINES_SHOWN:]
    if lines:
        terminalreporter.write_sep("-", f"dernières lignes de l'ENT lancé ({len(lines)})")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_unconfigure(config):
    run = config.stash.get(RUN, None)
    if run is not None:
        run.stop()
        del config.stash[RUN]


def target_run(config) -> TargetRun | None:
    """The running target, in target mode (None otherwise)."""
    return config.stash.get(RUN, None)


def start(profile: TargetProfile) -> TargetRun:
    from mock_services.stack import Stack

    hook = ProvisioningHook(profile.provisioning_url, profile.provisioning_token)
    try:
        faults = Faults.parse(os.environ.get(FAULTS_ENV))
    except ValueError as err:
        raise TargetModeError(f"{FAULTS_ENV} : {err}") from None
    if problem := keys_folder_problem(profile):
        raise TargetModeError(problem)
    try:
        stack = Stack.start(faults=faults, external_ent=hook, ports={"educonnect": profile.educonnect_port},
                            idp_keys=profile.educonnect_keys)
    except PortError as err:
        raise TargetModeError(f"l'ÉduConnect de référence ne peut pas écouter : {err} ; « educonnect.port » du "
                              "profil en choisit un autre (l'ENT doit alors enregistrer les nouvelles "
                              "métadonnées)") from None
    except OSError as err:
        where = f" « {err.filename} »" if err.filename else ""
        raise TargetModeError(f"la pile de référence ne démarre pas :{where} {os_reason(err)}") from None
    stack.educonnect.idp.clock_offset = profile.educonnect_clock_offset
    ent = None
    try:
        write_educonnect_metadata(profile, stack.educonnect.idp.metadata_xml())
        if profile.launch is not None:
            command = profile.launch_command(metadonnees_educonnect=profile.educonnect_metadata_url)
            ent = EntProcess(command, profile.launch.ready_text, profile.launch.timeout)
            ent.start()
        sp_entity_id, warnings = register_sp(stack, profile)
    except (EntProcessError, TargetModeError) as err:
        if ent is not None:
            ent.stop()
        stack.stop()
        raise TargetModeError(str(err)) from None
    return TargetRun(profile, stack, profile_target(profile, stack, sp_entity_id), ent, warnings)


def register_sp(stack: Stack, profile: TargetProfile) -> tuple[str, list[str]]:
    """Read the ENT's SP metadata, check it, register it with the reference ÉduConnect:
    (its entityID, the warnings about it). A fatal problem stops the run, naming every one."""
    from mock_services.saml.idp import IdpError

    try:
        xml = read_document(profile.sp_metadata)
    except OSError as err:
        raise TargetModeError(f"« saml.metadonnees » : {err}") from None
    entity_id, findings = read_sp_metadata(xml)
    if fatal := [f.text for f in findings if f.fatal]:
        raise TargetModeError("« saml.metadonnees » : " + "\n  « saml.metadonnees » : ".join(fatal))
    try:
        stack.educonnect.idp.add_sp_metadata(xml)
    except IdpError as err:
        raise TargetModeError(f"« saml.metadonnees » : métadonnées refusées par ÉduConnect ({err})") from None
    return entity_id, [f.text for f in findings]


def keys_folder_problem(profile: TargetProfile) -> str | None:
    """Why the folder of ÉduConnect's kept key cannot be used, in French (None: it can)."""
    problem = data_folder(profile.educonnect_keys, "« educonnect.cles »")
    return f"{profile.path} : {problem}" if problem else None


def write_educonnect_metadata(profile: TargetProfile, xml: str) -> Path:
    path = profile.educonnect_keys / METADATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(xml, "utf-8")
    return path


def educonnect_metadata(profile: TargetProfile) -> str:
    """The metadata the reference ÉduConnect of `profile` publishes, without starting it."""
    from mock_services.saml.idp import SamlIdp
    from mock_services.saml.keys import load_or_make_keypair

    with tempfile.TemporaryDirectory(prefix="educonnect-metadata-") as work:
        keypair = load_or_make_keypair("educonnect", profile.educonnect_keys)
        return SamlIdp(profile.educonnect_url, keypair, Path(work)).metadata_xml()


def main(argv: list[str] | None = None, prog: str = "python -m harness.target_mode") -> int:
    """`python -m harness.target_mode PROFIL`: write the reference ÉduConnect's metadata
    for the vendor to register before the first run (`prog`: the command's name in its messages)."""
    parser = ArgumentParser(prog=prog,
                            description="Écrit les métadonnées SAML de l'ÉduConnect de référence "
                                        "qu'un ENT doit enregistrer avant de lancer la suite.")
    parser.add_argument("profil", help="profil de cible (targets/*.toml)")
    args = parser.parse_args(argv)
    try:
        profile = load_profile(args.profil)
    except ProfileError as err:
        for line in err.lines:  # each names the file and the key
            code = fail(parser.prog, line)
        return code
    if problem := keys_folder_problem(profile):
        return fail(parser.prog, problem)
    path = write_educonnect_metadata(profile, educonnect_metadata(profile))
    print(f"Métadonnées SAML de l'ÉduConnect de référence écrites dans {path}")
    print(f"(pendant un passage, elles sont aussi servies à {profile.educonnect_metadata_url})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
