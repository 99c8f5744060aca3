"""A browser over a Flask test client for the form properties: the POST forms a page
shows, what a submission sends, and what the answer must look like."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import lxml.html
from flask import Flask, render_template
from werkzeug.datastructures import MultiDict

from mock_services.web.csrf import FIELD as CSRF_FIELD
from mock_services.web.sessions import SID


@dataclass(frozen=True)
class PageForm:
    """A POST form as the page shows it."""
    action: str  # path and query
    endpoint: str
    args: dict
    defaults: tuple[tuple[str, str], ...]  # what an untouched browser sends, the token included
    options: dict[str, tuple[str, ...]]  # every field but the token -> the values the page offers

    @property
    def token(self) -> str:
        return dict(self.defaults)[CSRF_FIELD]


@dataclass(frozen=True)
class Submission:
    """What a browser (or something else) posts: `pairs` in order, repeats allowed; a bytes
    value is sent as it is (not UTF-8); with `multipart`, the names in `files` are uploads."""
    pairs: tuple[tuple[str, str | bytes], ...]
    multipart: bool = False
    files: frozenset[str] = frozenset()

    def texts(self) -> list[str]:
        """Every name and value as the app decodes them."""
        return [s.decode("utf-8", "replace") if isinstance(s, bytes) else s for pair in self.pairs for s in pair]


class Browser:
    """One browser on one app of the stack."""

    def __init__(self, app: Flask) -> None:
        self.app, self.client = app, app.test_client()
        self._urls = app.url_map.bind("localhost")

    @staticmethod
    def local(url: str) -> str:
        """`url` without its site: the test client keeps cookies for one host only."""
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def page(self, url: str) -> str:
        """The HTML at `url` (redirects followed), which must be shown."""
        answer = self.client.get(self.local(url), follow_redirects=True)
        assert answer.status_code == 200, f"{url}: {answer.status_code}"
        return answer.text

    def rendered(self, template: str, **context) -> str:
        """A page the app shows only as the answer to another site's POST, rendered for this
        browser's session (whose token a page with a form has set)."""
        cookie = self.client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        with self.app.test_request_context(headers={"Cookie": f"{cookie.key}={cookie.value}"}):
            return render_template(template, **context)

    def session(self):
        return self.client.session_transaction()

    def copy(self) -> Browser:
        """Another browser in the state this one is in (its own session, holding the same values):
        every submission starts from the page reached, whatever the one before did."""
        with self.client.session_transaction() as s:
            state = {k: v for k, v in s.items() if k != SID}
        other = Browser(self.app)
        with other.client.session_transaction() as s:
            s.update(state)
        return other

    def forms(self, html: str) -> list[PageForm]:
        found = []
        for form in lxml.html.fromstring(html).forms:
            if (form.method or "get").lower() != "post":
                continue
            action = form.get("action") or ""
            endpoint, args = self._urls.match(urlsplit(action).path, method="POST")
            defaults, options = [], {}
            for field in form.iter("input", "select", "textarea", "button"):
                name = field.get("name")
                if not name:
                    continue
                kind = (field.get("type") or ("submit" if field.tag == "button" else "text")).lower()
                if field.tag == "select":
                    offered = [o.get("value", o.text or "") for o in field.iter("option")]
                    value = next((o.get("value", "") for o in field.iter("option") if o.get("selected") is not None),
                                 offered[0] if offered else "")
                else:
                    value = field.get("value", "" if kind not in ("radio", "checkbox") else "on")
                    offered = [value] if value else []
                sent = (kind not in ("radio", "checkbox", "submit") or
                        (kind in ("radio", "checkbox") and field.get("checked") is not None))
                if sent:
                    defaults.append((name, value))
                if name != CSRF_FIELD:
                    options[name] = tuple(dict.fromkeys(options.get(name, ()) + tuple(offered)))
            found.append(PageForm(action, endpoint, args, tuple(defaults), options))
        return found

    def form(self, html: str, endpoint: str, **args) -> PageForm:
        """The (first) form of the page that posts to `endpoint` with these URL arguments."""
        matching = [f for f in self.forms(html) if f.endpoint == endpoint and args.items() <= f.args.items()]
        assert matching, f"no form to {endpoint} {args} on the page"
        return matching[0]

    def fill(self, html: str, endpoint: str, values: dict[str, str] | None = None, **args):
        """Submit the page's form as a parent would: its defaults, with `values` typed in."""
        form = self.form(html, endpoint, **args)
        data = MultiDict([(k, v) for k, v in form.defaults if k not in (values or {})])
        data.update(values or {})
        return self.client.post(form.action, data=data)

    def after(self, answer) -> str:
        """The page a redirect leads to (or the answer's own page)."""
        if answer.status_code in (301, 302, 303, 307, 308):
            return self.page(answer.location)
        assert answer.status_code == 200, answer.status_code
        return answer.text

    def send(self, action: str, submission: Submission):
        if not submission.multipart:
            return self.client.post(action, data=urlencode(list(submission.pairs)),
                                    content_type="application/x-www-form-urlencoded")
        data = MultiDict()
        for name, value in submission.pairs:
            raw = value if isinstance(value, bytes) else value.encode()
            if name in submission.files or isinstance(value, bytes):
                data.add(name, (io.BytesIO(raw), "fichier.txt"))
            else:
                data.add(name, value)
        return self.client.post(action, data=data, content_type="multipart/form-data")

    def follow(self, answer):
        """The answer at a redirect's address on this app (None for another site's)."""
        if urlsplit(answer.location or "").netloc not in ("", "localhost"):
            return None
        return self.client.get(self.local(answer.location))


# -- what a parent must be shown ----------------------------------------------------

def alerts(html: str) -> list[str]:
    """The error messages of a page: `.erreur` paragraphs in the alert role or tied to a field."""
    doc = lxml.html.fromstring(html)
    found = doc.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " erreur ")]'
                      '[@role="alert" or starts-with(@id, "erreur-")]')
    return [" ".join(e.text_content().split()) for e in found]


def is_french_page(html: str) -> bool:
    return bool(lxml.html.fromstring(html).xpath('/html[@lang="fr"]'))


# markup the templates never contain: seen in a page, an injection got through unescaped
INJECTED_MARKUP = re.compile(r"<script>alert|<img src=x|<svg/onload", re.IGNORECASE)


def unescaped(html: str, texts: list[str]) -> list[str]:
    """Submitted texts that appear raw in the page although HTML would have escaped them."""
    found = [m.group() for m in INJECTED_MARKUP.finditer(html)]
    for text in texts:
        for variant in {text, text.strip(), text.lower(), text.strip().lower()}:
            if len(variant) >= 5 and any(c in variant for c in "<>\"'") and variant in html:
                found.append(variant)
    return found
