"""Thin wrapper over pysaml2 for the reference ÉduConnect IdP and ENT SP.

See docs/decisions/001-saml.md. Shared pysaml2 plumbing lives here.
"""
from __future__ import annotations

import calendar
import copy
import warnings
from collections.abc import Iterable

# pysaml2 names a cipher mode cryptography has moved; we never use it. Quiet for CLI users.
warnings.filterwarnings("ignore", message="CFB has been moved", module="saml2")

from . import schema  # noqa: E402 - libxml2's schema validation, before pysaml2 loads its own

schema.install()

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2 import time_util
from saml2.config import Config
from saml2.mdstore import MetadataStore
from saml2.metadata import entity_descriptor, metadata_tostring_fix
from saml2.validate import valid_instance

from .attributes import converter

BINDINGS = {"redirect": BINDING_HTTP_REDIRECT, "post": BINDING_HTTP_POST}


def binding_uri(binding: str) -> str:
    try:
        return BINDINGS[binding.lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"binding must be 'redirect' or 'post', not {binding!r}") from None


# XML signatures are made and checked in-process (xmldsig.py); "XMLSecurity" only
# keeps pysaml2 from looking for the `xmlsec1` program when it builds an entity.
CRYPTO_SETTINGS = {"crypto_backend": "XMLSecurity", "xmlsec_binary": None}


def load_config(config: Config, settings: dict, metadata: Iterable[str]) -> Config:
    """Load `settings`, then install our single attribute converter *before*
    building the metadata store (pysaml2 hands the converters to it at build time).
    """
    config.load(settings)
    config.attribute_converters = [converter()]
    # The store's own security context only serves remote metadata; building it
    # without the key saves loading (and validating) the RSA key once more.
    keyless = copy.copy(config)
    keyless.key_file = None
    config.metadata = MetadataStore(config.attribute_converters, keyless)
    config.metadata.imp({"inline": list(metadata)})
    return config


def metadata_xml(config: Config) -> str:
    """EntityDescriptor for `config`, without pysaml2's algorithm-support
    extension (it would ask the xmlsec1 program, and advertises md5/sha1 we do not accept).
    """
    conf = copy.copy(config)  # entity_descriptor() mutates .context
    conf.xmlsec_binary = None
    ed = entity_descriptor(conf)
    valid_instance(ed)
    xml = metadata_tostring_fix(ed, {"xs": "http://www.w3.org/2001/XMLSchema"})
    return xml.decode() if isinstance(xml, bytes) else xml


def now() -> int:
    """Current UTC epoch seconds, via pysaml2 so tests can patch one place."""
    return time_util.utc_now()


def epoch(instant: str) -> int:
    return calendar.timegm(time_util.str_to_time(instant))
