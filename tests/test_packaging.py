"""The wheel: built from this tree, installed in a virtual environment of its own, its command runs
one @ent scenario in an empty folder (no clone), exit 0 with its reports there, and exit 1 with a
fault of the reference stack on.

The environment is made with `python -m venv` (no system or project packages, no .pth) and its
dependencies come from the package index pip is configured with. That first install takes minutes,
so the environment is kept in ~/.cache/educonnect-conformance/, one per dependency set and Python
(the wheel's Requires-Dist): each run builds the wheel anew, reinstalls it there (--force-reinstall
--no-deps: the previous wheel's files go) and `pip check` proves the kept dependencies are the ones
it asks for. Cost of a run: the build (a few seconds), the two scenarios.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "educonnect-conformance"
SCENARIO = "ent and G1-ENT-1"  # « La page d'authentification de l'ENT propose les cinq profils »: one page
FAULT = "profil-parent-absent"  # the ENT's profile page without PARENT: that scenario fails


def test_every_package_of_the_repository_is_in_the_wheel_s_list():
    """pyproject.toml lists its packages (features/ and targets/ ship inside educonnect_conformance)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("educonnect_conformance", "harness",
             "mock_services", "steps") for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, f"à ajouter à [tool.setuptools] packages : {sorted(found - listed)}"
    data = {"educonnect_conformance.features", "educonnect_conformance.targets"}
    assert listed - found == data, f"listés mais absents : {sorted(listed - found - data)}"


def clean_env(**extra: str) -> dict[str, str]:
    """This run's environment without what points at the clone or at this pytest (xdist's worker ids)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP") and not k.startswith("PYTEST_")}
    return {**env, **extra}


def build_wheel(work: Path) -> Path:
    """The wheel of this tree's files (tracked, or new and not ignored), built in a copy so that setuptools'
    build/ never lingers in the repository."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    source = work / "source"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(work / "dist"), str(source)], check=True, capture_output=True)
    [wheel] = (work / "dist").glob("*.whl")
    return wheel


def requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        [metadata] = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        lines = z.read(metadata).decode().splitlines()
    return sorted(line for line in lines if line.startswith("Requires-Dist:") and "extra ==" not in line)


def environment_for(wheel: Path) -> Path:
    """The bin/ of a virtual environment with `wheel` and its dependencies installed, nothing else."""
    key = hashlib.sha256("\n".join([sys.version, *requirements(wheel)]).encode()).hexdigest()[:16]
    env = CACHE / f"venv-{key}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another checkout's tests may be making it
        pip = [str(env / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check"]
        if not (env / ".complete").exists():
            shutil.rmtree(env, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
            subprocess.run([*pip, "install", "--progress-bar", "off", str(wheel)], check=True)
            (env / ".complete").touch()
        subprocess.run([*pip, "install", "--force-reinstall", "--no-deps", str(wheel)], check=True)
        subprocess.run([*pip, "check"], check=True)
    return env / "bin"


def test_the_wheel_runs_a_scenario_in_an_empty_folder(tmp_path):
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("educonnect_conformance/pytest.ini", "educonnect_conformance/features/guide.toml",
                    "educonnect_conformance/features/regles.toml", "educonnect_conformance/features/connexion_ent.feature",
                    "educonnect_conformance/features/conformance/fournisseur_de_service_saml.feature",
                    "educonnect_conformance/targets/exemple-editeur.toml", "steps/conftest.py", "steps/test_features.py",
                    "harness/templates/index.html", "mock_services/academies.toml"):
        assert shipped in names, shipped
    bin_dir = environment_for(wheel)
    empty = tmp_path / "vide"
    empty.mkdir()
    where = subprocess.run([str(bin_dir / "python"), "-c", "import educonnect_conformance.paths as p, harness; "
                            "print(p.installed(), harness.__file__)"], cwd=empty, env=clean_env(),
                           capture_output=True, text=True, check=True).stdout.split()
    assert where[0] == "True" and where[1].startswith(str(bin_dir.parent)), where  # not the clone's

    command = [str(bin_dir / "educonnect-conformance"), "--etiquettes", SCENARIO, "--travailleurs", "0"]
    passed = subprocess.run(command, cwd=empty, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.startswith("1 scénario(s) à lancer ; rapports dans reports/\n"), passed.stdout
    assert "Scénarios : 1 réussi(s), 0 en échec" in passed.stdout and "Rapport : reports/index.html" in passed.stdout
    for english in ("test session starts", "passed", "cucumber report", "generated xml file"):
        assert english not in passed.stdout, passed.stdout
    reports = empty / "reports"
    assert {p.name for p in reports.iterdir()} >= {"junit.xml", "cucumber.json", "index.html"}
    [feature] = json.loads((reports / "cucumber.json").read_text("utf-8"))
    assert feature["uri"] == "features/connexion_ent.feature"

    failed = subprocess.run([*command, "--", "--sans-trace"], cwd=empty, capture_output=True, text=True,
                            env=clean_env(EDUCONNECT_REFERENCE_FAULTS=FAULT), timeout=300)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Scénarios : 0 réussi(s), 1 en échec" in failed.stdout
    assert "✗ La page d'authentification de l'ENT propose les cinq profils  (features/connexion_ent.feature:" \
        in failed.stdout
