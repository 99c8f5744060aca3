"""Signing keys, and the HTTP-Redirect binding signature (SAML Bindings 3.4.4.1).

pysaml2 verifies redirect signatures over a *re-encoded* query
(`urlencode` of the decoded values) and not at all for redirect responses;
the spec says the signature covers the octets as received. `verify_redirect`
therefore works on the raw query string.
"""
from __future__ import annotations

import base64
import datetime
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote_plus, unquote_plus

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

SIG_RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SIG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

# What the reference ENT accepts from ÉduConnect: no SHA-1.
_REDIRECT_SIG_HASHES = {
    SIG_RSA_SHA256: hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512,
}
# What ÉduConnect accepts from services: SHA-1 too, since the field's ENTs sign with it
# (entcore: RSA-SHA1) and work in production (FACTS.md, « What the field shows »).
WITH_SHA1 = {**_REDIRECT_SIG_HASHES, SIG_RSA_SHA1: hashes.SHA1}


@dataclass
class KeyPair:
    cert_pem: str
    key_pem: str
    cert_path: Path
    key_path: Path


def make_keypair(common_name: str, directory: Path) -> KeyPair:
    """Self-signed RSA 2048 certificate (10 years) written as `<cn>.crt` / `<cn>.key`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in common_name)
    cert_path = directory / f"{stem}.crt"
    key_path = directory / f"{stem}.key"
    cert_path.write_text(cert_pem)
    key_path.write_text(key_pem)
    key_path.chmod(0o600)
    return KeyPair(cert_pem=cert_pem, key_pem=key_pem, cert_path=cert_path, key_path=key_path)


EXAMPLE_KEY_DIR = Path(__file__).parent / "example_key"


def example_keypair() -> KeyPair:
    """A public example key pair (example_key/README.md): for an assertion encrypted for another key."""
    cert_path, key_path = EXAMPLE_KEY_DIR / "exemple-public.crt", EXAMPLE_KEY_DIR / "exemple-public.key"
    return KeyPair(cert_path.read_text(), key_path.read_text(), cert_path, key_path)


def load_or_make_keypair(common_name: str, directory: Path) -> KeyPair:
    """The key pair kept in `directory` (made on first use): metadata registered
    elsewhere stays valid from one run to the next."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in common_name)
    cert_path, key_path = Path(directory) / f"{stem}.crt", Path(directory) / f"{stem}.key"
    if cert_path.is_file() and key_path.is_file():
        return KeyPair(cert_path.read_text(), key_path.read_text(), cert_path, key_path)
    return make_keypair(common_name, directory)


def _load_cert(cert: str) -> x509.Certificate:
    if "-----BEGIN" not in cert:
        body = "".join(cert.split())
        cert = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
    return x509.load_pem_x509_certificate(cert.encode())


class RedirectSignatureError(Exception):
    pass


def parse_redirect_query(query_string: str) -> dict[str, str]:
    """Decoded parameters of a raw query string (first occurrence wins)."""
    out: dict[str, str] = {}
    for k, v in parse_qsl(query_string, keep_blank_values=True):
        out.setdefault(k, v)
    return out


def verify_redirect(query_string: str, message_param: str, certs: list[str],
                    algorithms: dict | None = None) -> dict[str, str]:
    """Check the redirect-binding signature on the raw query string.

    Returns the decoded parameters. Raises RedirectSignatureError if the
    signature is missing, uses a SigAlg not in `algorithms` (by default SHA-256 and
    stronger), or matches none of `certs` (PEM or base64 bodies).
    """
    algorithms = algorithms or _REDIRECT_SIG_HASHES
    raw: dict[str, str] = {}
    for part in query_string.lstrip("?").split("&"):
        name, _, value = part.partition("=")
        if name in (message_param, "RelayState", "SigAlg", "Signature") and name not in raw:
            raw[name] = value
    if message_param not in raw:
        raise RedirectSignatureError(f"no {message_param} in query")
    if "SigAlg" not in raw or "Signature" not in raw:
        raise RedirectSignatureError("redirect message is not signed")
    sig_alg = unquote_plus(raw["SigAlg"])
    if sig_alg not in algorithms:
        raise RedirectSignatureError(f"unsupported SigAlg {sig_alg}")
    try:
        signed = "&".join(f"{k}={raw[k]}" for k in (message_param, "RelayState", "SigAlg") if k in raw).encode("ascii")
    except UnicodeEncodeError as exc:
        raise RedirectSignatureError("query string is not ASCII") from exc
    try:
        signature = base64.b64decode(unquote_plus(raw["Signature"]), validate=True)
    except ValueError as exc:
        raise RedirectSignatureError("Signature is not base64") from exc
    algorithm = algorithms[sig_alg]()
    for cert in certs:
        try:
            _load_cert(cert).public_key().verify(signature, signed, padding.PKCS1v15(), algorithm)
        except (InvalidSignature, ValueError, TypeError):
            continue
        return parse_redirect_query(query_string)
    raise RedirectSignatureError("redirect signature does not verify with any known key")


def redirect_url(destination: str, message_param: str, xml: str, relay_state: str | None,
                 keypair: KeyPair | None, sig_alg: str = SIG_RSA_SHA256) -> str:
    """An HTTP-Redirect binding URL carrying `xml` (DEFLATE, base64), signed over the query's
    octets with `keypair` (Bindings 3.4.4.1), or unsigned when `keypair` is None."""
    deflater = zlib.compressobj(wbits=-15)
    encoded = base64.b64encode(deflater.compress(xml.encode("utf-8")) + deflater.flush()).decode("ascii")
    query = f"{message_param}={quote_plus(encoded)}"
    if relay_state is not None:
        query += f"&RelayState={quote_plus(relay_state)}"
    if keypair is not None:
        query += f"&SigAlg={quote_plus(sig_alg)}"
        key = serialization.load_pem_private_key(keypair.key_pem.encode("ascii"), password=None)
        signature = key.sign(query.encode("ascii"), padding.PKCS1v15(), WITH_SHA1[sig_alg]())
        query += f"&Signature={quote_plus(base64.b64encode(signature).decode('ascii'))}"
    return destination + ("&" if "?" in destination else "?") + query
