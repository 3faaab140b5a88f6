from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

DATA = Path(__file__).parent / "data"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))
