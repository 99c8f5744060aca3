"""Launching an ENT process: ready line, early exit, timeout, missing program, stop."""
import signal
import sys

import pytest

from harness.ent_process import EntProcess, EntProcessError

READY_THEN_WAIT = "import signal; print('démarrage'); print('ENT prêt sur 8440'); signal.pause()"


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_ready_line_then_stop():
    ent = EntProcess(python(READY_THEN_WAIT), "ENT prêt", timeout=10)
    with ent:
        assert ent.returncode is None
        assert ent.output() == ["démarrage", "ENT prêt sur 8440"]
    assert ent.returncode == -signal.SIGTERM
    ent.stop()  # idempotent


def test_stderr_and_environment_are_passed():
    code = "import os, sys, signal; sys.stderr.write(os.environ['ENT_X'] + '\\n'); print('prêt'); signal.pause()"
    with EntProcess(python(code), "prêt", timeout=10, env={"ENT_X": "valeur"}) as ent:
        assert "valeur" in ent.output()


def test_exit_before_ready_shows_code_and_last_lines():
    code = "print('configuration absente'); raise SystemExit(3)"
    with pytest.raises(EntProcessError) as caught:
        EntProcess(python(code), "ENT prêt", timeout=10).start()
    message = str(caught.value)
    assert "s'est arrêté (code 3) avant d'être prêt" in message
    assert "configuration absente" in message and sys.executable in message


def test_no_ready_line_in_time_stops_the_process():
    ent = EntProcess(python("import signal; print('lent'); signal.pause()"), "ENT prêt", timeout=0.5)
    with pytest.raises(EntProcessError, match=r"n'a pas écrit « ENT prêt » en 0\.5 s ; ses dernières lignes :\n  \| lent"):
        ent.start()
    assert ent.returncode is not None


def test_kill_after_grace_when_terminate_is_ignored():
    code = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('prêt', flush=True); signal.pause()"
    ent = EntProcess(python(code), "prêt", timeout=10)
    ent.stop_grace = 0.2
    ent.start()
    ent.stop()
    assert ent.returncode == -signal.SIGKILL


def test_output_keeps_the_last_lines():
    code = "import signal\nfor i in range(300): print(i)\nprint('prêt'); signal.pause()"
    with EntProcess(python(code), "prêt", timeout=10) as ent:
        lines = ent.output()
    assert len(lines) == 200 and lines[-1] == "prêt" and lines[0] == "101"


def test_missing_program():
    with pytest.raises(EntProcessError, match="impossible d'exécuter « /nulle/part/ent »"):
        EntProcess(["/nulle/part/ent", "--port", "8440"], "prêt", timeout=1).start()


def test_stop_reaches_the_children_of_a_wrapper():
    child = "import signal; signal.pause()"
    code = (f"import subprocess, sys, signal; subprocess.Popen([sys.executable, '-c', {child!r}]); "
            "print('prêt'); signal.pause()")
    ent = EntProcess(python(code), "prêt", timeout=10)
    with ent:
        pass
    ent._reader.join(timeout=5)  # the output closes only when the grandchild, which shares it, is gone
    assert not ent._reader.is_alive()
