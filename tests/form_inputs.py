"""What may reach a form: an `Attack` says which field gets which hostile value (alone, or
inside a value that passes), in which shape the fields go (missing, repeated, array-like
names, uploads, bytes that are not UTF-8) and what comes along; `submission()` applies it
to a form as a page shows it. Hypothesis draws attacks; `EVERY_FIELD` are explicit ones."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from hypothesis import strategies as st

from form_pages import CSRF_FIELD, PageForm, Submission

INJECTIONS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>",
              "' OR 1=1 --", "{{7*7}}", "${7*7}", "../../etc/passwd", "javascript:alert(1)")
CONTROLS = ("\x00", "a\x00b", "\n", "\r\n", "a\r\nBcc: x@exemple.test", "\t\x0b\x0c", "\x1b[2J", "\x7f\x85")
UNICODE = ("\u202e", "\u202elmth.exe", "\ufeff", "\u200b\u200d", "e\u0301", "𝔈𝔡𝔲", "👨‍👩‍👧", "İı", "ß", "²",
           "١٢٣٤٥٦", "０６ １２ ３４ ５６ ７８", "\U0010ffff")
SHAPELESS = ("", " ", "%00", "\\", "null", "[]", "-1", "0", "99999999999999999999999", "1e308", "NaN",
             "2024-02-30", "0000-00-00")
HUGE = ("A" * 10_000, "é" * 10_000, "<script>" * 1_250, "9" * 10_000, "\u202e" * 10_000)
NOT_UTF8 = (b"\xff\xfe", b"\xc3(", b"\xed\xa0\x80", b"caf\xe9")

texts = st.one_of(
    *(st.sampled_from(kind) for kind in (INJECTIONS, CONTROLS, UNICODE, SHAPELESS, HUGE)),
    st.text(max_size=30),
    st.text(st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co")), max_size=8),
)
hostile = st.one_of(texts, st.sampled_from(NOT_UTF8))
SHAPES = ("one", "missing", "repeated", "array-like")


@dataclass(frozen=True)
class Attack:
    field: int  # which field of the form, in page order (a form without any gets a field more)
    value: str | bytes
    inside: bool = False  # within the field's value that passes, at `at`, rather than alone
    at: int = 3
    others: tuple[int, ...] = ()  # more fields attacked with the same value
    echo: bool = False  # the next field typed the same (a confirmation)
    shapes: tuple[str, ...] = ()  # each field's, in page order ("one" beyond)
    extras: tuple[tuple[str, str | bytes], ...] = ()
    multipart: bool = False
    uploads: tuple[int, ...] = ()  # fields sent as files (multipart)
    pick: int = 0  # which of a field's values that pass
    undelivered: bool = False  # no mail and no SMS can leave while it is submitted


attacks = st.builds(
    Attack, field=st.integers(0, 5), value=hostile, inside=st.booleans(), at=st.integers(0, 40),
    others=st.lists(st.integers(0, 5), max_size=2).map(tuple), echo=st.booleans(),
    shapes=st.lists(st.sampled_from(SHAPES), max_size=6).map(tuple),
    extras=st.lists(st.tuples(texts.filter(lambda n: n != CSRF_FIELD), hostile), max_size=2).map(tuple),
    multipart=st.booleans(), uploads=st.lists(st.integers(0, 5), max_size=2).map(tuple), pick=st.integers(0, 3),
    undelivered=st.booleans())

# each of the first three fields of every form, alone in the attack, gets each of these
DANGERS = (("\r\n\x00", True), ('"><img src=x onerror=alert(1)>\u202e', True), ("²", False),
           ("9" * 10_000, True), (b"\xff\xfe", True), ("", False))
EVERY_FIELD = [Attack(field, value, inside) for field in range(3) for value, inside in DANGERS]
# and the form filled as a parent would, its mail or SMS sent or not; and more than a form holds
AS_A_PARENT = [Attack(-1, ""), Attack(-1, "", undelivered=True)]
OVERSIZED = [Attack(0, "A" * 600_000, multipart=True), Attack(-1, "", multipart=True, extras=(("x", "v"),) * 1_000)]


def _inside(good: str, bad: str | bytes, at: int) -> str | bytes:
    at = min(at, len(good))
    return good.encode()[:at] + bad + good.encode()[at:] if isinstance(bad, bytes) else good[:at] + bad + good[at:]


def submission(form: PageForm, known: dict[str, tuple[str, ...]], attack: Attack,
               token: tuple[tuple[str, str | bytes], ...] | None = None) -> Submission | None:
    """`attack` on `form`, the fields it spares sent as a parent fills them (`known`, or what
    the page offers); None when the attack names a field the form does not have (a negative
    `field`: none). `token`: the token pairs (the form's own by default)."""
    fields = list(form.options) or ["champ"]
    if attack.field >= len(fields):
        return None
    pairs = [(k, form.token if v == OWN else v) for k, v in (token if token is not None else [(CSRF_FIELD, OWN)])]
    hit = {attack.field, *(i for i in attack.others if i < len(fields))} if attack.field >= 0 else set()
    if hit and attack.echo and attack.field + 1 < len(fields):
        hit.add(attack.field + 1)
    uploads = set()
    for i, name in enumerate(fields):
        good = tuple(dict.fromkeys(known.get(name, ()) + form.options.get(name, ()))) or ("",)
        value = good[attack.pick % len(good)]
        if i in hit:
            value = _inside(value, attack.value, attack.at) if attack.inside else attack.value
        shape = attack.shapes[i] if i < len(attack.shapes) else "one"
        if shape == "missing":
            continue
        key = f"{name}[]" if shape == "array-like" else name
        pairs.extend([(key, value)] * (3 if shape == "repeated" else 1))
        if attack.multipart and (i in attack.uploads or isinstance(value, bytes)):
            uploads.add(key)
    pairs.extend(attack.extras)
    return Submission(tuple(pairs), attack.multipart, frozenset(uploads))


OWN = "(the page's own token)"
ANOTHER_BROWSERS = secrets.token_urlsafe(32)  # the shape of a token, no session's
bad_tokens = st.one_of(
    st.just(()),
    st.just(((CSRF_FIELD, ANOTHER_BROWSERS),)),
    st.tuples(st.tuples(st.just(CSRF_FIELD), hostile)),
    st.just(((f"{CSRF_FIELD}[]", OWN),)),
    st.just(((CSRF_FIELD, ""), (CSRF_FIELD, OWN))),
)
FORGED = [(), ((CSRF_FIELD, "é"),), ((CSRF_FIELD, b"\xff"),), ((CSRF_FIELD, ANOTHER_BROWSERS),),
          ((f"{CSRF_FIELD}[]", OWN),)]
