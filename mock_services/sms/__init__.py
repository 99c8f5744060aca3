"""The test SMS service: an OVH-shaped gateway with fault injection, its client, and a store tests wait on."""
from .client import SmsError, SmsGatewayClient
from .gateway import FAULT_KINDS, GatewayFaults, create_sms_app, sms_parts
from .store import DELIVERED, UNDELIVERABLE, Sms, SmsStore

__all__ = ["DELIVERED", "FAULT_KINDS", "GatewayFaults", "Sms", "SmsError", "SmsGatewayClient", "SmsStore",
           "UNDELIVERABLE", "create_sms_app", "sms_parts"]
