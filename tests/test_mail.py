"""The test mail service: SMTP in, a store to wait on, the mailbox over HTTP."""
import email
import email.policy
import threading
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest

from mock_services.clock import Clock
from mock_services.extract import extract_code, extract_link, extract_links
from mock_services.mail import MailError, MailStore, SmtpServer, create_mail_app, send_mail

SENDER = "ÉduConnect <ne-pas-repondre@educonnect.localhost>"
ELODIE = "élodie@exemple.fr"


@pytest.fixture
def store():
    return MailStore(Clock())


@pytest.fixture
def smtp(store):
    with SmtpServer(store) as server:
        yield server


def send(smtp, to=ELODIE, subject="Objet", text="Bonjour", html=None):
    send_mail(smtp.host, smtp.port, SENDER, to, subject, text, html)


def test_smtp_round_trip_keeps_accents_and_both_parts(store, smtp):
    text = "Bonjour Élodie,\nVotre code : 482913\nActivez : https://educonnect.localhost/activation?jeton=a1&etape=2.\n"
    html = '<p>Bonjour Élodie,</p><p><a href="https://educonnect.localhost/activation?jeton=a1&amp;etape=2">Activer</a></p>'
    send(smtp, to="Élodie@Exemple.fr", subject="Activez votre compte ÉduConnect – étape 2", text=text, html=html)
    mail = store.wait_for("ÉLODIE@exemple.fr", timeout=5)
    assert mail.to == (ELODIE,)
    assert mail.sender == SENDER
    assert mail.subject == "Activez votre compte ÉduConnect – étape 2"
    assert mail.text == text and mail.html.strip() == html
    assert extract_code(mail.text) == "482913"
    assert extract_link(mail.text) == extract_link(mail.html) == "https://educonnect.localhost/activation?jeton=a1&etape=2"


def test_several_recipients_each_get_the_mail(store, smtp):
    send_mail(smtp.host, smtp.port, SENDER, ["a@exemple.fr", "B@exemple.fr"], "Pour deux", "texte")
    assert store.wait_for("b@exemple.fr").id == store.wait_for("a@exemple.fr").id
    assert store.list("a@exemple.fr")[0].to == ("a@exemple.fr", "b@exemple.fr")


def test_wait_for_wakes_up_when_the_mail_arrives_later(store, smtp):
    send(smtp, subject="Ancien message")
    old = store.wait_for(ELODIE)
    waiting = threading.Event()  # set by the predicate, which wait_for calls once it holds the store

    def is_new(mail):
        waiting.set()
        return mail.subject == "Nouveau message"

    def send_once_waiting():
        assert waiting.wait(5)
        send(smtp, subject="Nouveau message")

    sender = threading.Thread(target=send_once_waiting)
    sender.start()
    started = time.monotonic()
    try:
        mail = store.wait_for(ELODIE, timeout=10, predicate=is_new)
    finally:
        sender.join()
    assert mail.subject == "Nouveau message" and mail.id > old.id
    assert time.monotonic() - started < 5, "woken by the timeout's last look, not by the arrival"


def test_wait_for_returns_a_mail_already_there_and_honours_after(store, smtp):
    send(smtp, subject="premier")
    send(smtp, subject="second")
    first = store.wait_for(ELODIE, timeout=0)
    assert first.subject == "premier"
    assert store.wait_for(ELODIE, timeout=0, after=first.id).subject == "second"


def test_wait_for_times_out_naming_what_the_store_holds(store, smtp):
    send(smtp, to="autre@exemple.fr", subject="Pour un autre")
    with pytest.raises(TimeoutError, match=r"no mail for élodie@exemple.fr within 0.2 s; "
                                           r"it holds nothing for that address; other recipients: autre@exemple.fr"):
        store.wait_for(ELODIE, timeout=0.2)
    send(smtp, subject="Sans rapport")
    with pytest.raises(TimeoutError, match=r"matching the predicate.*1 mail\(s\) for that address.*'Sans rapport'"):
        store.wait_for(ELODIE, timeout=0.2, predicate=lambda m: "code" in m.subject)


def test_store_decodes_encoded_headers_and_reads_html_only_mail():
    clock = Clock()
    store = MailStore(clock)
    raw = (b"From: =?utf-8?q?=C3=89duConnect?= <ne-pas-repondre@educonnect.localhost>\r\n"
           b"To: Parent <PARENT@Exemple.fr>\r\nSubject: =?utf-8?q?R=C3=A9initialisation?=\r\n"
           b"Content-Type: text/html; charset=utf-8\r\n\r\n"
           b"<p>Cliquez <a href=\"https://educonnect.localhost/r?t=1&amp;u=2\">ici</a></p><script>x()</script>")
    clock.advance(timedelta(days=2))
    mail = store.add(email.message_from_bytes(raw))  # compat32: headers still encoded
    assert (mail.sender, mail.to, mail.subject) == ("ÉduConnect <ne-pas-repondre@educonnect.localhost>",
                                                    ("parent@exemple.fr",), "Réinitialisation")
    assert mail.html.startswith("<p>") and "x()" not in mail.text
    assert extract_link(mail.text) == "https://educonnect.localhost/r?t=1&u=2"
    assert mail.received_at - datetime.now(timezone.utc) > timedelta(days=1)  # the virtual clock's time


def test_delete_one_or_all(store):
    def add(subject):
        msg = EmailMessage(policy=email.policy.default)
        msg["From"], msg["To"], msg["Subject"] = SENDER, ELODIE, subject
        msg.set_content("x")
        return store.add(msg)
    a, b = add("a"), add("b")
    store.delete(a.id)
    assert [m.id for m in store.list()] == [b.id] and store.get(a.id) is None
    store.delete()
    assert store.list() == [] and add("c").id > b.id


def test_send_mail_to_a_stopped_server_raises_mail_error(store):
    server = SmtpServer(store)
    server.start()
    port = server.port
    server.stop()
    with pytest.raises(MailError, match=f"127.0.0.1:{port}"):
        send_mail("127.0.0.1", port, SENDER, ELODIE, "Objet", "texte")


def test_the_smtp_server_restarts(store):
    server = SmtpServer(store)
    for subject in ("un", "deux"):
        server.start()
        try:
            send_mail(server.host, server.port, SENDER, ELODIE, subject, "texte")
        finally:
            server.stop()
    assert [m.subject for m in store.list(ELODIE)] == ["un", "deux"]


# -- HTTP --------------------------------------------------------------------------

@pytest.fixture
def web(store, smtp):
    send(smtp, subject="Premier", text="Code 111111")
    send(smtp, to="autre@exemple.fr", subject="Autre")
    send(smtp, subject="Votre lien <b>",
         text="Bonjour <script>alert(1)</script>\nhttps://educonnect.localhost/activation?a=1&b=2\nMerci.",
         html='<p onclick="alert(2)">Bonjour</p>')
    store.wait_for(ELODIE, predicate=lambda m: m.subject.startswith("Votre lien"))
    return create_mail_app(store).test_client()


def test_json_api_lists_newest_first_and_filters(web):
    r = web.get("/api/v1/messages")
    assert r.status_code == 200 and r.json["total"] == 3
    assert [m["subject"] for m in r.json["messages"]] == ["Votre lien <b>", "Autre", "Premier"]
    assert set(r.json["messages"][0]) == {"id", "from", "to", "subject", "received_at"}
    r = web.get("/api/v1/messages", query_string={"to": "Élodie@exemple.fr"})
    assert [m["subject"] for m in r.json["messages"]] == ["Votre lien <b>", "Premier"]
    assert r.json["messages"][0]["to"] == [ELODIE]


def test_json_api_gets_and_deletes_messages(web):
    first = web.get("/api/v1/messages").json["messages"][-1]
    full = web.get(f"/api/v1/message/{first['id']}").json
    assert full["text"].strip() == "Code 111111" and full["html"] is None and full["from"] == SENDER
    assert web.get("/api/v1/message/999").status_code == 404
    assert web.delete(f"/api/v1/message/{first['id']}").status_code == 200
    assert web.get(f"/api/v1/message/{first['id']}").status_code == 404
    assert web.delete("/api/v1/message/999").status_code == 404
    assert web.delete("/api/v1/messages").json == {"deleted": 2}
    assert web.get("/api/v1/messages").json == {"total": 0, "messages": []}


def test_inbox_page_lists_and_filters_in_french(web):
    page = web.get("/").get_data(as_text=True)
    assert "Boîte de réception" in page and "Messagerie de test" in page
    assert "<th scope=\"col\">Objet</th>" in page and "Votre lien &lt;b&gt;" in page and "autre@exemple.fr" in page
    page = web.get("/", query_string={"to": ELODIE}).get_data(as_text=True)
    assert "Premier" in page and "autre@exemple.fr" not in page
    page = web.get("/", query_string={"to": "personne@exemple.fr"}).get_data(as_text=True)
    assert "Aucun message pour personne@exemple.fr" in page


def test_message_page_shows_links_and_escapes_the_rest(web):
    newest = web.get("/api/v1/messages").json["messages"][0]
    page = web.get(f"/message/{newest['id']}").get_data(as_text=True)
    link = "https://educonnect.localhost/activation?a=1&amp;b=2"
    assert f'<a href="{link}">{link}</a>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "onclick" not in page  # the HTML part is never rendered as such
    assert extract_links(page).count("https://educonnect.localhost/activation?a=1&b=2") == 1
    r = web.get("/message/999")
    assert r.status_code == 404 and "Page introuvable" in r.get_data(as_text=True)


# -- extraction -------------------------------------------------------------------

def test_extract_code_wants_exactly_one_distinct_code():
    assert extract_code("Code : 123456. Je répète : 123456.") == "123456"
    assert extract_code("Code 1234 sur 12345678", digits=4) == "1234"
    with pytest.raises(ValueError, match="found none"):
        extract_code("aucun code, seulement 12345 et 1234567")
    with pytest.raises(ValueError, match="123456, 654321"):
        extract_code("123456 ou 654321")


def test_extract_links_trims_punctuation_and_dedupes():
    text = "Voir (https://a.fr/x?y=1), « https://b.fr/p(1) » puis https://a.fr/x?y=1. Fin http://"
    assert extract_links(text) == ["https://a.fr/x?y=1", "https://b.fr/p(1)"]
    assert extract_link(text, contains="b.fr") == "https://b.fr/p(1)"
    with pytest.raises(ValueError, match="exactly one"):
        extract_link(text)
    with pytest.raises(ValueError, match="none"):
        extract_link(text, contains="c.fr")
