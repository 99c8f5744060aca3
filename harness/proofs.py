"""Proofs that the suite's assertions bite, run in the normal workers.

A proof is a scenario run with one deliberate defect of the reference stack
switched on (mock_services/faults.py) for that scenario only. It holds when the
scenario fails in the step that checks the broken behaviour, the step the proof
names; a pass, or a failure anywhere else (set-up, an earlier step, a later one),
fails the proof and says where the scenario stopped.

Proofs are made with `proof_of(fault, feature, scenario, step)` in
tests/test_broken_reference.py. They are never written to the Cucumber or HTML
reports (harness.cucumber_report skips them) and get no screenshot or trace.

The named step gets a short timeout, PROOF_STEP_TIMEOUT_MS, for its assertions,
actions and waits on the stack's events (harness/timeouts.py): a failing assertion waits its timeout out, and the reference stack
answers in milliseconds (the steps that proofs name take 10–100 ms when they
pass). The steps before it keep the suite's usual timeouts, so that a slow page
there fails the proof (in the wrong step) instead of passing it.
"""
from __future__ import annotations

import pytest
from pytest_bdd import scenario

PROOF_STEP_TIMEOUT_MS = 1_000
_FAILED_STEP = pytest.StashKey[tuple[str, BaseException]]()


class ProofFailed(AssertionError):
    pass


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "proof(fault, step): a scenario that must fail in `step` with `fault` on")


def proof_of(fault: str, feature: str, scenario_name: str, step: str):
    """A test: `scenario_name` of `feature` (relative to features/) run with `fault`
    switched on, which must fail in the step whose text is `step`."""

    @pytest.mark.proof(fault=fault, step=step)
    @scenario(feature, scenario_name)
    def test(broken_reference):
        pass

    return test


@pytest.fixture
def broken_reference(request: pytest.FixtureRequest, reference_stack):
    """The proof's fault, switched on in this worker's running stack for one scenario."""
    marker = request.node.get_closest_marker("proof")
    if marker is None:
        raise pytest.UsageError("broken_reference sert aux preuves (marque proof)")
    if reference_stack.faults is None:
        pytest.skip("pas de pile de référence embarquée (mode cible)")
    with reference_stack.faults.switched_on(marker.kwargs["fault"]):
        yield


def is_proof(item: pytest.Item) -> bool:
    return item.get_closest_marker("proof") is not None


def _named_step(item: pytest.Item, step) -> bool:
    marker = item.get_closest_marker("proof")
    return marker is not None and step.name == marker.kwargs["step"]


def pytest_bdd_before_step(request, feature, scenario, step, step_func):
    if _named_step(request.node, step):
        request.getfixturevalue("timeouts").shorten(PROOF_STEP_TIMEOUT_MS)


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args):
    if _named_step(request.node, step):
        request.getfixturevalue("timeouts").reset()


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception):
    item = request.node
    if is_proof(item) and _FAILED_STEP not in item.stash:
        item.stash[_FAILED_STEP] = (step.name, exception)
    if _named_step(item, step):
        request.getfixturevalue("timeouts").reset()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    if not is_proof(pyfuncitem):
        return (yield)
    marker = pyfuncitem.get_closest_marker("proof")
    fault, expected = marker.kwargs["fault"], marker.kwargs["step"]
    if _FAILED_STEP in pyfuncitem.stash:
        del pyfuncitem.stash[_FAILED_STEP]
    try:
        yield
    except Exception as exc:  # the scenario failed: where?
        failed_step, error = pyfuncitem.stash.get(_FAILED_STEP, (None, exc))
        if failed_step == expected:
            return True
        where = f"à l'étape « {failed_step} »" if failed_step else "hors de toute étape"
        raise ProofFailed(
            f"défaut « {fault} » : le scénario a échoué {where}, pas à l'étape « {expected} » qui vérifie "
            f"le comportement cassé\n{type(error).__name__}: {error}") from None
    raise ProofFailed(f"défaut « {fault} » : le scénario a réussi ; l'étape « {expected} » n'a rien vu")
