"""Sending a mail over SMTP, as the services of the stack do."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone
from typing import Iterable


class MailError(Exception):
    """The mail could not be handed to the SMTP server; the message says why, in English."""


def send_mail(host: str, port: int, sender: str, to: str | Iterable[str], subject: str, text: str,
              html: str | None = None, timeout: float = 5.0) -> None:
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise MailError("no recipient given")
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    domain = sender.rpartition("@")[2]
    # make_msgid() without a domain calls socket.getfqdn(), which may wait on DNS
    msg["Message-ID"] = make_msgid(domain=domain if domain.isascii() and domain else "localhost")
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")  # multipart/alternative
    try:
        # local_hostname: same getfqdn() trap for EHLO. send_message() switches to
        # SMTPUTF8 by itself when an address is not ASCII.
        with smtplib.SMTP(host, port, local_hostname="localhost", timeout=timeout) as smtp:
            refused = smtp.send_message(msg)
    except (smtplib.SMTPException, OSError, UnicodeError) as err:
        raise MailError(f"cannot send mail to {', '.join(recipients)} via {host}:{port}: "
                        f"{type(err).__name__}: {err}") from err
    if refused:
        raise MailError(f"the SMTP server refused some recipients: {refused}")
