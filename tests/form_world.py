"""What a form may change: every row of ÉduConnect's and the ENT's databases, and the
mails and SMS sent. A refused submission must leave all of it as it was."""
from __future__ import annotations

from mock_services.db import Database


def _rows(db: Database) -> dict[str, list[tuple]]:
    connection = db.engine.raw_connection()  # sqlite3's own cursor: a snapshot per submission, twice
    try:
        cursor = connection.cursor()
        tables = [t for (t,) in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(cursor.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        connection.close()


def snapshot(stack) -> dict[str, object]:
    """table (or `mails`, `sms`) -> its content."""
    return {**{f"educonnect.{t}": rows for t, rows in _rows(stack.educonnect.db).items()},
            **{f"ent.{t}": rows for t, rows in _rows(stack.ent.db).items()},
            "mails": [m.id for m in stack.mail_store.list()],
            "sms": [s.id for s in stack.sms_store.list()]}


def changed(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
