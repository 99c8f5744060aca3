"""Shibboleth's login flow as Spring Web Flow keys it: `execution=e<flow>s<step>` on the SSO URL.

One flow at a time per session, as Shibboleth keeps it (no snapshots: a key the parent has
left is stale, and a new flow ends the previous one). Its steps: s1 the browser check (the
local-storage page that posts itself back), s2 the login page. Later flows of the same
session move the flow number on (e2s1, e3s1…)."""
from __future__ import annotations

from flask import redirect, session, url_for

CHECK, LOGIN = 1, 2


def key(number: int, step: int) -> str:
    return f"e{number}s{step}"


def start(faults) -> str:
    """A new flow (the previous one, if any, ends): its first key."""
    number = 1 if "cle-execution-fixe" in faults else session.get("flows", 0) + 1
    step = LOGIN if "verification-navigateur-absente" in faults else CHECK
    session["flows"] = number
    session["flow"] = [number, step]
    return key(number, step)


def restart(faults):
    """The answer that sends the browser to a new flow's first page."""
    return redirect(url_for("login.sso", execution=start(faults)))


def step_of(execution: str, faults) -> int | None:
    """The step `execution` names if it is the current flow's current key; None if unknown or stale."""
    current = session.get("flow")
    if current is None:
        return None
    if "execution-non-verifiee" in faults or execution == key(*current):
        return current[1]
    return None


def at_login(faults) -> str:
    """The current flow moved on to its login page (a new flow there if there is none): its key."""
    if session.get("flow") is None:
        start(faults)
    number = session["flow"][0]
    session["flow"] = [number, LOGIN]
    return key(number, LOGIN)
