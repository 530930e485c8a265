"""Money is held as integer fen so that it stays exact on every database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class MoneyError(ValueError):
    pass


def yuan_to_fen(value: Decimal | int | str) -> int:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {value!r}") from exc
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_yuan(fen: int | None, *, unit: str = "") -> str:
    """``1,234,567.89``; an empty string for unknown amounts."""
    if fen is None:
        return ""
    return f"{fen_to_yuan(fen):,.2f}{unit}"


def format_wan(fen: int | None) -> str:
    """Amounts the way branch staff say them: ``123.5万``."""
    if fen is None:
        return ""
    wan = Decimal(fen) / 1_000_000
    return f"{wan:,.1f}万"
