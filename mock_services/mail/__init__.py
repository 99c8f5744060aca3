"""The test mail service: SMTP in, a store tests wait on, a mailbox over HTTP."""
from .sender import MailError, send_mail
from .smtp import SmtpServer
from .store import Mail, MailStore
from .web import create_mail_app

__all__ = ["Mail", "MailError", "MailStore", "SmtpServer", "create_mail_app", "send_mail"]
