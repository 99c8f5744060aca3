"""How ÉduConnect reaches a parent: SMS through the gateway's HTTP API, mail over SMTP."""
from __future__ import annotations

from dataclasses import dataclass

from ...mail.sender import MailError, send_mail
from ...sms.client import SmsError, SmsGatewayClient
from .errors import DeliveryError

SENDER_ADDRESS = "ne-pas-repondre@educonnect.localhost"
CODE_SMS = "ÉduConnect : votre code de sécurité est {code}. Il est valable 30 minutes."
CODE_MAIL_SUBJECT = "ÉduConnect – votre code de sécurité"
CODE_MAIL = ("Bonjour,\n\nVotre code de sécurité ÉduConnect est : {code}\n"
             "Il est valable 30 minutes.\n\nSi vous n'avez pas demandé ce code, ignorez ce message.\n")


@dataclass
class Notifier:
    sms: SmsGatewayClient
    smtp_host: str
    smtp_port: int

    def send_code(self, channel: str, contact: str, code: str) -> None:
        try:
            if channel == "sms":
                self.sms.send(contact, CODE_SMS.format(code=code))
            else:
                send_mail(self.smtp_host, self.smtp_port, SENDER_ADDRESS, contact, CODE_MAIL_SUBJECT,
                          CODE_MAIL.format(code=code))
        except (SmsError, MailError) as err:
            raise DeliveryError(str(err)) from err

    def send_mail(self, to: str, subject: str, text: str) -> None:
        try:
            send_mail(self.smtp_host, self.smtp_port, SENDER_ADDRESS, to, subject, text)
        except MailError as err:
            raise DeliveryError(str(err)) from err
