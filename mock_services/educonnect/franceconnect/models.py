"""The link between a FranceConnect identity (its pairwise `sub`) and an ÉduConnect account."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..shared.models import Base


class FranceConnectLink(Base):
    """Written once the parent has confirmed, after FranceConnect, the contact the
    school holds and their children; later logins with the same `sub` go straight in."""
    __tablename__ = "franceconnect_links"
    sub: Mapped[str] = mapped_column(String, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime)
