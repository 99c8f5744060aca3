"""A failed step in French, for acceptance testers: what was expected and what the page showed.

Derived from Playwright's message (the locator of its call log, the expectation, « Actual value »,
the page's ARIA snapshot) and the step's own words; the raw message stays in the report below it.
When the message has no snapshot (a click that timed out, a plain `assert`), harness.evidence
records the page's own at the failing step (`PAGE_AT_FAILURE` on the scenario's element).
"""
from __future__ import annotations

import re

PAGE_AT_FAILURE = "page_at_failure"  # {"url", "title", "aria"}: the page when a step failed
SHOWN_LIMIT = 300

_LOCATOR = re.compile(r"get_by_(?P<how>text|role|label|placeholder|title|alt_text)\((?P<args>(?:[^()\"]|\"(?:[^\"\\]|\\.)*\")*)\)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_NAME = re.compile(r'name="((?:[^"\\]|\\.)*)"')
_EXPECT = re.compile(r'Expect "(?P<kind>[a-z_]+)"')
_ACTUAL = re.compile(r"^(?:E\s+)?Actual value: (?P<value>.*)$", re.MULTILINE)
_EXPECTED_VALUE = re.compile(r"expected to (?:have|contain|match) [a-zA-Z ]*?(?:'(?P<q>.*)'|(?P<n>\d+))\s*$", re.MULTILINE)
_ROLE_WORDS = {
    "heading": "le titre", "link": "le lien", "button": "le bouton", "textbox": "le champ", "alert": "le message",
    "checkbox": "la case", "radio": "le choix", "list": "la liste", "listitem": "un élément de liste",
    "table": "le tableau", "row": "une ligne", "cell": "une case du tableau", "combobox": "la liste de choix",
    "region": "la zone", "navigation": "la navigation", "main": "le contenu", "dialog": "la fenêtre",
}


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _quote(text: str) -> str:
    return f"« {text} »"


def _describe(how: str, args: str) -> str:
    strings = [_unescape(s) for s in _STRING.findall(args)]
    if how == "role":
        role = strings[0] if strings else "élément"
        name = _NAME.search(args)
        words = _ROLE_WORDS.get(role, f"l'élément {role}")
        return f"{words} {_quote(_unescape(name.group(1)))}" if name else words
    subject = {"text": "le texte", "label": "le champ", "placeholder": "le champ", "title": "l'élément",
               "alt_text": "l'image"}[how]
    return f"{subject} {_quote(strings[0])}" if strings else subject


def _locator(message: str) -> str | None:
    """The locator of Playwright's call log (its last one: `a.get_by_role(…).get_by_text(…)` is the text in a)."""
    waited = [ln for ln in message.splitlines() if "waiting for" in ln or 'Expect "' in ln]
    for line in reversed(waited):
        found = list(_LOCATOR.finditer(line))
        if found:
            parts = [_describe(m["how"], m["args"]) for m in found]
            return " dans ".join(reversed(parts))
    return None


def _actual(message: str) -> str | None:
    found = _ACTUAL.search(message)
    value = found["value"].strip() if found else ""
    if value in ("''", '""'):
        return ""
    return None if value in ("", "None", "<element(s) not found>") else value.strip("'\"")


def _compared(message: str) -> tuple[str, str] | None:
    """A step's own `assert shown == expected`: pytest's diff, `- expected` then `+ shown`."""
    if "AssertionError: assert " not in message or "Aria snapshot:" in message:
        return None
    lines = [re.sub(r"^E\s+", "", ln) for ln in message.splitlines()]
    expected = next((ln[2:] for ln in lines if ln.startswith("- ")), None)
    shown = next((ln[2:] for ln in lines if ln.startswith("+ ")), None)
    return (expected, shown) if expected is not None and shown is not None else None


def _snapshot(message: str) -> str:
    """The ARIA snapshot Playwright appends to a failed expectation, without pytest's `E` margin."""
    lines = [re.sub(r"^E {0,7}", "", ln) for ln in message.splitlines()]
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == "Aria snapshot:")
    except StopIteration:
        return ""
    kept = []
    for ln in lines[start + 1:]:
        if not ln.strip() or not ln.lstrip().startswith("- "):
            if kept:
                break
            continue
        kept.append(ln)
    return "\n".join(kept)


def page_summary(aria: str, title: str = "") -> str:
    """What a person sees first on the page: its main heading and its messages (alerts), else its first texts."""
    headings, alerts, texts = [], [], []
    for line in aria.splitlines():
        item = line.strip().removeprefix("- ").strip("'")
        if m := re.match(r'heading "(.*)" \[level=1\]', item):
            headings.append(_unescape(m[1]))
        elif m := re.match(r"alert: (.+)", item):
            alerts.append(m[1].strip('"'))
        elif m := re.match(r"(?:paragraph|text|strong): (.+)", item):
            texts.append(m[1].strip('"'))
    shown = [f"le titre {_quote(h)}" for h in headings[:1]] + [f"le message {_quote(a)}" for a in alerts[:2]]
    if not shown:
        shown = [_quote(t) for t in texts if t not in ("ÉduConnect",)][:2]
    if not shown and title:
        shown = [f"la page {_quote(title)}"]
    text = ", ".join(shown) if shown else "une page sans texte"
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 1] + "…"


def _expectation(kind: str | None, what: str, message: str) -> str:
    expected = _EXPECTED_VALUE.search(message)
    value = expected and (expected["q"] if expected["q"] is not None else expected["n"])
    if kind in ("not_to_be_visible", "to_be_hidden", "not_to_be_attached"):
        return f"plus de {what} à l'écran"
    if kind == "to_have_count":
        return f"{what} : {value} fois" if value is not None else what
    if kind in ("to_have_text", "to_contain_text", "to_have_value") and value:
        return f"le texte {_quote(value)}" if what == "le texte" else f"{what}, avec le texte {_quote(value)}"
    if kind in ("to_have_url", "to_have_title") and value:
        return f"l'adresse {_quote(value)}" if kind == "to_have_url" else f"le titre de page {_quote(value)}"
    return what


def explain(step: str, message: str, page: dict | None = None) -> str:
    """« Attendu : … ; la page affichait : … », or "" when the message says too little to be rephrased."""
    if not message:
        return ""
    kind = (m := _EXPECT.search(message)) and m["kind"]
    what = _locator(message)
    if kind in ("to_have_url", "to_have_title") and "expected" in message:
        what = what or "la page"
    click = "Locator.click" in message or "Locator.fill" in message
    if what is None and (compared := _compared(message)):
        return f"Attendu : {_quote(compared[0])} ; la page affichait : {_quote(compared[1])}"
    if what is None and kind is None and (old := _EXPECTED_VALUE.search(message)) and old["q"] is not None:
        what, kind = "le texte", "to_have_text"  # an older Playwright: no call log, the expectation only
    if what is None:
        if not step:
            return ""
        expectation = _quote(step)  # the step's own words
    else:
        expectation = _expectation(kind, what, message)
        if click:
            expectation = f"{what}, pour agir dessus"
    actual = _actual(message)
    if actual is not None and kind in ("to_have_url", "to_have_title", "to_have_text", "to_contain_text",
                                       "to_have_count", "to_have_value"):
        shown = f"{actual} fois" if kind == "to_have_count" else _quote(actual) if actual else "un texte vide"
        lead = "la page était à l'adresse" if kind == "to_have_url" else "la page affichait"
        return f"Attendu : {expectation} ; {lead} : {shown}"
    aria = _snapshot(message) or (page or {}).get("aria", "")
    if not aria and not (page or {}).get("title"):
        return f"Attendu : {expectation}."
    return f"Attendu : {expectation} ; la page affichait : {page_summary(aria, (page or {}).get('title', ''))}"
