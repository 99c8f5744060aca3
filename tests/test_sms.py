"""The test SMS gateway (OVH-shaped), its faults, its client and its store."""
import threading
import time

import pytest
import requests
import responses

from mock_services.clock import Clock
from mock_services.extract import extract_code
from mock_services.sms import (DELIVERED, UNDELIVERABLE, SmsError, SmsGatewayClient, SmsStore, create_sms_app,
                               sms_parts)
from mock_services.web.server import ServiceThread

TOKEN = "jeton-de-test"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MOBILE = "+33612345678"
JOBS = "/sms/sms-ec12345-1/jobs"


@pytest.fixture
def store():
    return SmsStore(Clock())


@pytest.fixture
def app(store):
    app = create_sms_app(store, TOKEN)
    yield app
    app.gateway_faults.shutdown()


@pytest.fixture
def web(app):
    return app.test_client()


@pytest.fixture
def gateway(app):
    """The app on a real loopback port."""
    service = ServiceThread("sms", "sms.localhost")
    service.start(app)
    yield service
    app.gateway_faults.shutdown()  # no slow answer outlives the test
    service.stop()


def job(web, receivers, message="Votre code ÉduConnect : 123456", **extra):
    return web.post(JOBS, json={"receivers": receivers, "message": message, "sender": "EDUCONNECT", **extra},
                    headers=AUTH)


# -- the jobs API --------------------------------------------------------------------

def test_a_job_is_accepted_and_reaches_the_number_in_any_writing(web, store):
    r = job(web, ["06 12 34 56 78"])
    assert r.status_code == 200
    assert r.json["validReceivers"] == [MOBILE] and r.json["invalidReceivers"] == []
    assert r.json["totalCreditsRemoved"] == 1 and len(r.json["ids"]) == 1
    sms = store.wait_for("+33 6 12 34 56 78", timeout=0)
    assert (sms.id, sms.to, sms.sender, sms.status) == (r.json["ids"][0], MOBILE, "EDUCONNECT", DELIVERED)
    assert extract_code(sms.text) == "123456"
    assert store.list("0612345678") == [sms]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer faux"}, {"Authorization": TOKEN}])
def test_the_token_is_required(web, store, headers):
    r = web.post(JOBS, json={"receivers": [MOBILE], "message": "x"}, headers=headers)
    assert r.status_code == 401 and "jeton" in r.json["message"]
    assert store.list() == []


@pytest.mark.parametrize("body, field", [
    (None, "corps JSON"),
    ({"receivers": [MOBILE]}, "message"),
    ({"receivers": [MOBILE], "message": "  "}, "message"),
    ({"receivers": MOBILE, "message": "x"}, "receivers"),
    ({"receivers": [], "message": "x"}, "receivers"),
    ({"receivers": [MOBILE], "message": "x", "sender": 3}, "sender"),
])
def test_bad_input_is_refused_with_a_clear_message(web, store, body, field):
    r = web.post(JOBS, json=body, headers=AUTH) if body is not None else web.post(JOBS, data="x", headers=AUTH)
    assert r.status_code == 400 and r.json["message"].startswith(field)
    assert store.list() == []


def test_unreadable_numbers_go_to_invalid_receivers(web, store):
    r = job(web, ["12", MOBILE, 612345678, "pas un numéro"])
    assert r.status_code == 200
    assert r.json["validReceivers"] == [MOBILE] and r.json["invalidReceivers"] == ["12", 612345678, "pas un numéro"]
    assert [s.to for s in store.list()] == [MOBILE]


def test_credits_count_sms_parts_per_receiver(web):
    assert job(web, [MOBILE, "0698765432"], message="é" * 160).json["totalCreditsRemoved"] == 2  # GSM 7-bit
    assert job(web, [MOBILE], message="a" * 161).json["totalCreditsRemoved"] == 2
    assert sms_parts("ê" * 70) == 1 and sms_parts("ê" * 71) == 2  # UCS-2
    assert sms_parts("€" * 80) == 1 and sms_parts("€" * 81) == 2  # extension table: two septets each


# -- faults --------------------------------------------------------------------------

def test_error_fault_answers_503_for_a_job_with_that_number(app, web, store):
    app.gateway_faults.set_fault("06 12 34 56 78", "error")
    r = job(web, ["0698765432", MOBILE])
    assert r.status_code == 503 and r.json["message"]
    assert store.list() == []
    assert job(web, ["0698765432"]).status_code == 200  # other numbers are fine
    app.gateway_faults.clear()
    assert job(web, [MOBILE]).status_code == 200


def test_undeliverable_fault_accepts_but_never_satisfies_wait_for(app, web, store):
    app.gateway_faults.set_fault(MOBILE, "undeliverable")
    r = job(web, [MOBILE])
    assert r.status_code == 200 and r.json["validReceivers"] == [MOBILE]
    assert store.get(r.json["ids"][0]).status == UNDELIVERABLE
    with pytest.raises(TimeoutError, match=r"no delivered SMS for \+33612345678 within 0.2 s.*\[undeliverable\]"):
        store.wait_for(MOBILE, timeout=0.2)


def test_slow_fault_holds_the_answer_until_released(app, web, store):
    app.gateway_faults.set_fault(MOBILE, "slow", seconds=60)
    answers = []
    caller = threading.Thread(target=lambda: answers.append(job(web, [MOBILE])))
    caller.start()
    app.release_slow()  # race-free: a release also lets through answers not yet waiting
    caller.join(10)
    assert not caller.is_alive() and answers[0].status_code == 200
    assert store.wait_for(MOBILE, timeout=0).status == DELIVERED


def test_faults_over_http(web, store):
    assert web.post("/api/faults", json={"number": "06 12 34 56 78", "fault": "slow", "seconds": 10},
                    headers=AUTH).json == {"number": MOBILE, "fault": "slow", "seconds": 10.0}
    assert web.post("/api/faults", json={"number": "0698765432", "fault": "error"}, headers=AUTH).status_code == 200
    assert len(web.get("/api/faults", headers=AUTH).json["faults"]) == 2
    for bad, field in [({"number": MOBILE, "fault": "lent"}, "fault"), ({"number": "12", "fault": "error"}, "mobile"),
                       ({"fault": "error"}, "number"), ({"number": MOBILE, "fault": "slow", "seconds": -1}, "seconds")]:
        r = web.post("/api/faults", json=bad, headers=AUTH)
        assert r.status_code == 400 and r.json["message"].startswith(field), bad
    assert web.delete("/api/faults", headers=AUTH).json == {"faults": []}
    assert job(web, ["0698765432"]).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer autre-jeton"}, {"Authorization": TOKEN}])
def test_faults_are_set_listed_and_cleared_only_with_the_gateways_token(app, web, headers):
    r = web.post("/api/faults", json={"number": MOBILE, "fault": "error"}, headers=headers)
    assert r.status_code == 401 and r.json["message"].startswith("jeton d'accès manquant ou invalide")
    assert app.gateway_faults.all() == {}
    app.gateway_faults.set_fault(MOBILE, "undeliverable")
    assert web.get("/api/faults", headers=headers).status_code == 401
    assert web.delete("/api/faults", headers=headers).status_code == 401
    assert list(app.gateway_faults.all()) == [MOBILE]


# -- pages and JSON listing -------------------------------------------------------------

def test_received_page_and_json_listing(app, web):
    app.gateway_faults.set_fault("0698765432", "undeliverable")
    job(web, [MOBILE], message="Code 111111 <b>")
    job(web, ["0698765432"], message="Voir https://educonnect.localhost/a?b=1&c=2")
    page = web.get("/").get_data(as_text=True)
    assert "Messages SMS reçus" in page and "+33698765432" in page and "non distribuable" in page
    assert "Code 111111 &lt;b&gt;" in page and "remis" in page
    assert '<a href="https://educonnect.localhost/a?b=1&amp;c=2">' in page
    page = web.get("/", query_string={"to": "06 12 34 56 78"}).get_data(as_text=True)
    assert "+33612345678" in page and "+33698765432" not in page
    assert "Aucun message pour 0611111111" in web.get("/?to=0611111111").get_data(as_text=True)
    r = web.get("/?to=12")
    assert r.status_code == 400 and "numéro" in r.get_data(as_text=True)
    listing = web.get("/api/messages", query_string={"to": "+33 6 98 76 54 32"}).json
    assert listing["total"] == 1 and listing["messages"][0]["status"] == UNDELIVERABLE
    assert [m["to"] for m in web.get("/api/messages").json["messages"]] == ["+33698765432", MOBILE]  # newest first
    assert web.get("/api/messages?to=12").status_code == 400
    assert web.delete("/api/messages").json == {"deleted": 2}


# -- the store ------------------------------------------------------------------------------

def test_store_wait_for_wakes_up_on_a_later_sms(store):
    store.add("EDUCONNECT", "0612345678", "ancien")
    waiting = threading.Event()

    def is_new(sms):
        waiting.set()
        return sms.text == "nouveau"

    def add_once_waiting():
        assert waiting.wait(5)
        store.add("EDUCONNECT", "0612345678", "ignoré", status=UNDELIVERABLE)
        store.add("EDUCONNECT", "+33 6 12 34 56 78", "nouveau")

    adder = threading.Thread(target=add_once_waiting)
    adder.start()
    started = time.monotonic()
    try:
        sms = store.wait_for("06.12.34.56.78", timeout=10, predicate=is_new)
    finally:
        adder.join()
    assert sms.text == "nouveau" and sms.status == DELIVERED
    assert time.monotonic() - started < 5, "woken by the timeout's last look, not by the arrival"


def test_store_times_out_naming_other_numbers_and_refuses_bad_numbers(store):
    store.add("EDUCONNECT", "0698765432", "x")
    with pytest.raises(TimeoutError, match=r"nothing for that number; other numbers: \+33698765432"):
        store.wait_for(MOBILE, timeout=0.2)
    with pytest.raises(ValueError, match="mobile"):
        store.add("EDUCONNECT", "12", "x")
    first = store.add("EDUCONNECT", MOBILE, "a")
    assert store.wait_for(MOBILE, timeout=0, after=0) == first
    store.delete(first.id)
    assert store.list(MOBILE) == [] and len(store.list()) == 1
    store.delete()
    assert store.list() == []


# -- the client against the real gateway ----------------------------------------------------

def client(gateway, token=TOKEN, timeout=3.0):
    return SmsGatewayClient(gateway.loopback_url, "sms-ec12345-1", token, timeout=timeout)


def test_client_sends_through_the_gateway(gateway, store):
    sms_id = client(gateway).send("06 12 34 56 78", "Votre code : 654321")
    sms = store.wait_for(MOBILE, timeout=0)
    assert sms_id == str(sms.id) and sms.sender == "EDUCONNECT"


def test_client_maps_refusals_to_sms_error(app, gateway, store):
    with pytest.raises(SmsError, match="answered 401") as err:
        client(gateway, token="faux").send(MOBILE, "x")
    assert (err.value.reason, err.value.status) == ("http", 401)
    with pytest.raises(SmsError, match="refused the number") as err:
        client(gateway).send("12", "x")
    assert err.value.reason == "invalid_number"
    app.gateway_faults.set_fault(MOBILE, "error")
    with pytest.raises(SmsError, match="answered 503: service SMS momentanément indisponible") as err:
        client(gateway).send(MOBILE, "x")
    assert (err.value.reason, err.value.status) == ("http", 503)
    assert store.list() == []


def test_client_times_out_on_a_slow_gateway(app, gateway, store):
    app.gateway_faults.set_fault(MOBILE, "slow", seconds=60)
    with pytest.raises(SmsError, match="did not answer within 0.2 s") as err:
        client(gateway, timeout=0.2).send(MOBILE, "Code 123456")
    assert err.value.reason == "timeout"
    app.release_slow()
    # once released, the gateway finishes the job the client gave up on
    assert store.wait_for(MOBILE, timeout=5).text == "Code 123456"


def test_client_reports_an_unreachable_gateway(app):
    service = ServiceThread("sms", "sms.localhost")
    url = service.loopback_url
    service.stop()  # bound, never served, now closed: connections are refused
    with pytest.raises(SmsError, match="unreachable") as err:
        SmsGatewayClient(url, "s", TOKEN).send(MOBILE, "x")
    assert err.value.reason == "connection"


# -- the client alone, with `responses` (how ÉduConnect's code is unit-tested) ------------------

URL = "https://sms.example/sms/svc/jobs"


@responses.activate
def test_client_request_shape_with_responses():
    responses.post(URL, json={"ids": [42], "validReceivers": [MOBILE], "invalidReceivers": [],
                              "totalCreditsRemoved": 1},
                   match=[responses.matchers.header_matcher({"Authorization": "Bearer t"}),
                          responses.matchers.json_params_matcher(
                              {"receivers": [MOBILE], "message": "Bonjour", "sender": "EDUCONNECT"})])
    assert SmsGatewayClient("https://sms.example/", "svc", "t").send(MOBILE, "Bonjour") == "42"


@pytest.mark.parametrize("reply, reason", [
    ({"body": requests.ConnectTimeout("x")}, "timeout"),
    ({"body": requests.ReadTimeout("x")}, "timeout"),
    ({"body": requests.ConnectionError("x")}, "connection"),
    ({"status": 500, "body": "Internal Server Error"}, "http"),
    ({"status": 200, "body": "pas du JSON"}, "response"),
    ({"status": 200, "json": {"ids": [], "validReceivers": [], "invalidReceivers": []}}, "response"),
    ({"status": 200, "json": {"ids": [], "validReceivers": [], "invalidReceivers": [MOBILE]}}, "invalid_number"),
])
@responses.activate
def test_client_failures_with_responses(reply, reason):
    responses.post(URL, **reply)
    with pytest.raises(SmsError) as err:
        SmsGatewayClient("https://sms.example", "svc", "t").send(MOBILE, "x")
    assert err.value.reason == reason
