"""Start an ENT as a separate process and wait for its « ready » line; stop it afterwards.

The process runs in its own session so that stop() also reaches the children of a
wrapper script. Its stdout and stderr are read by a daemon thread; start() waits on
events (ready line, process exit) with a timeout.
"""
from __future__ import annotations

import collections
import os
import shlex
import signal
import subprocess
import threading

KEPT_LINES = 200
SHOWN_LINES = 20
STOP_GRACE = 5.0


class EntProcessError(RuntimeError):
    """The ENT could not be started; the message is in French."""


class EntProcess:
    def __init__(self, command: list[str], ready_text: str, timeout: float,
                 cwd: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> None:
        """`env` is added to the current environment (PYTHONUNBUFFERED=1 unless given)."""
        self.command = list(command)
        self.ready_text = ready_text
        self.timeout = timeout
        self.cwd = cwd
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.stop_grace = STOP_GRACE
        self._lines: collections.deque[str] = collections.deque(maxlen=KEPT_LINES)
        self._written = 0  # lines read since the start, kept or not
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._wake = threading.Event()  # ready line seen or process exited
        self._process: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None

    @property
    def shown_command(self) -> str:
        return shlex.join(self.command)

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def output(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def written(self) -> int:
        """How many lines the ENT has written so far (a mark for `output_since`)."""
        with self._lock:
            return self._written

    def output_since(self, mark: int) -> list[str]:
        """The lines written after `written()` returned `mark` (those still kept)."""
        with self._lock:
            new = self._written - mark
            return list(self._lines)[-new:] if new > 0 else []

    def start(self) -> EntProcess:
        if self._process is not None:
            raise EntProcessError(f"l'ENT lancé par « {self.shown_command} » est déjà démarré")
        try:
            self._process = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace", cwd=self.cwd, env=self.env,
                start_new_session=os.name == "posix")
        except (FileNotFoundError, PermissionError, NotADirectoryError) as err:
            program = self.command[0] if self.command else ""
            raise EntProcessError(f"impossible d'exécuter « {program} » pour lancer l'ENT "
                                  f"(« {self.shown_command} ») : {err.strerror or err}") from None
        self._reader = threading.Thread(target=self._read, name="ent-output", daemon=True)
        self._reader.start()
        threading.Thread(target=self._watch, name="ent-exit", daemon=True).start()
        self._wake.wait(self.timeout)
        if self._ready.is_set():
            return self
        code = self._process.poll()
        if code is not None:
            self._reader.join(timeout=1)  # let it drain the last lines
            raise EntProcessError(f"l'ENT lancé par « {self.shown_command} » s'est arrêté (code {code}) "
                                  f"avant d'être prêt ; {self._tail()}")
        self.stop()
        raise EntProcessError(f"l'ENT lancé par « {self.shown_command} » n'a pas écrit « {self.ready_text} » "
                              f"en {self.timeout:g} s ; {self._tail()}")

    def stop(self) -> None:
        """Terminate, then kill after the grace period; safe to call twice."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        self._signal(process, signal.SIGTERM)
        try:
            process.wait(self.stop_grace)
        except subprocess.TimeoutExpired:
            self._signal(process, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
            process.wait()

    def __enter__(self) -> EntProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _signal(self, process: subprocess.Popen, sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(process.pid, sig)  # its own session: the group id is its pid
            elif sig == signal.SIGTERM:
                process.terminate()
        except ProcessLookupError:
            pass

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            line = line.rstrip("\r\n")
            with self._lock:
                self._lines.append(line)
                self._written += 1
            if self.ready_text in line and not self._ready.is_set():
                self._ready.set()
                self._wake.set()

    def _watch(self) -> None:
        assert self._process is not None
        self._process.wait()
        self._wake.set()

    def _tail(self) -> str:
        lines = self.output()[-SHOWN_LINES:]
        if not lines:
            return "il n'a rien écrit"
        return "ses dernières lignes :\n" + "\n".join(f"  | {line}" for line in lines)
