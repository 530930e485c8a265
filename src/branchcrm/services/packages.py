"""Standard service packages for small customers: who is eligible, and batch enrolment.

Eligibility uses the quarter daily-average of total assets (the mean of the last three
monthly daily-averages), so a single month's spike does not move a customer between bands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services.errors import NotFound, ValidationError
from branchcrm.services.visibility import customer_clause, require_role


@dataclass(frozen=True)
class PackageRow:
    id: int
    code: str
    name: str
    description: str | None
    min_aum_fen: int | None
    max_aum_fen: int | None
    tier_code: str | None
    enrolled: int


@dataclass(frozen=True)
class EligibleRow:
    customer_id: int
    name: str
    quarter_avg_fen: int
    tier_code: str | None


def last_periods(as_of: dt.date, months: int = 3) -> list[str]:
    """The ``months`` complete months before ``as_of`` as YYYY-MM, newest first."""
    year, month = as_of.year, as_of.month
    out = []
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year:04d}-{month:02d}")
    return out


def quarter_average(periods: list[str]) -> Select[tuple[int, int]]:
    """customer_id -> mean monthly total over the periods (missing months count as zero)."""
    totals = (
        select(
            m.PeriodBalance.customer_id, func.sum(m.PeriodBalance.avg_balance_fen).label("total")
        )
        .where(m.PeriodBalance.period.in_(periods))
        .group_by(m.PeriodBalance.customer_id)
        .subquery()
    )
    return select(totals.c.customer_id, (totals.c.total / len(periods)).label("avg"))


def create_package(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name: str,
    min_aum_fen: int | None = None,
    max_aum_fen: int | None = None,
    tier_code: str | None = None,
    description: str | None = None,
) -> int:
    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    errors = {}
    if not code.strip():
        errors["code"] = "a code is required"
    if not name.strip():
        errors["name"] = "a name is required"
    if min_aum_fen is not None and max_aum_fen is not None and min_aum_fen >= max_aum_fen:
        errors["max_aum_fen"] = "must be above the minimum"
    if min_aum_fen is None and max_aum_fen is None and tier_code is None:
        errors["band"] = "give an asset band or a tier"
    if session.scalar(select(m.ServicePackage.id).where(m.ServicePackage.code == code)):
        errors["code"] = f"{code} already exists"
    if errors:
        raise ValidationError(errors)
    package = m.ServicePackage(
        code=code.strip(),
        name=name.strip(),
        description=description,
        min_aum_fen=min_aum_fen,
        max_aum_fen=max_aum_fen,
        tier_code=tier_code,
    )
    session.add(package)
    session.flush()
    return package.id


def list_packages(session: Session) -> list[PackageRow]:
    counts = dict(
        session.execute(
            select(m.PackageEnrolment.package_id, func.count())
            .where(m.PackageEnrolment.status == "active")
            .group_by(m.PackageEnrolment.package_id)
        ).all()
    )
    return [
        PackageRow(
            p.id,
            p.code,
            p.name,
            p.description,
            p.min_aum_fen,
            p.max_aum_fen,
            p.tier_code,
            counts.get(p.id, 0),
        )
        for p in session.scalars(
            select(m.ServicePackage)
            .where(m.ServicePackage.active.is_(True))
            .order_by(m.ServicePackage.code)
        )
    ]


def eligible(
    session: Session,
    actor: Actor,
    package_id: int,
    *,
    as_of: dt.date | None = None,
    include_enrolled: bool = False,
    limit: int | None = None,
) -> list[EligibleRow]:
    """Visible customers whose quarter daily-average falls in the package's band (or tier)."""
    package = session.get(m.ServicePackage, package_id)
    if package is None:
        raise NotFound(f"service package {package_id} not found")
    avg = quarter_average(last_periods(as_of or dt.date.today())).subquery()
    avg_col = func.coalesce(avg.c.avg, 0)
    stmt = (
        select(m.Customer.id, m.Customer.name, avg_col, m.Customer.tier_code)
        .outerjoin(avg, avg.c.customer_id == m.Customer.id)
        .where(customer_clause(session, actor, "branch"), m.Customer.status == "active")
    )
    if package.min_aum_fen is not None:
        stmt = stmt.where(avg_col >= package.min_aum_fen)
    if package.max_aum_fen is not None:
        stmt = stmt.where(avg_col < package.max_aum_fen)
    if package.tier_code is not None:
        stmt = stmt.where(m.Customer.tier_code == package.tier_code)
    if not include_enrolled:
        enrolled = select(m.PackageEnrolment.customer_id).where(
            m.PackageEnrolment.package_id == package_id
        )
        stmt = stmt.where(m.Customer.id.not_in(enrolled))
    stmt = stmt.order_by(avg_col.desc(), m.Customer.id)
    if limit:
        stmt = stmt.limit(limit)
    return [EligibleRow(cid, name, int(a), tier) for cid, name, a, tier in session.execute(stmt)]


def enrol(
    session: Session,
    actor: Actor,
    package_id: int,
    customer_ids: list[int],
    *,
    as_of: dt.date | None = None,
) -> int:
    """Enrol many customers at once (eligible and visible ones only); returns how many."""
    allowed = {row.customer_id for row in eligible(session, actor, package_id, as_of=as_of)}
    chosen = [cid for cid in dict.fromkeys(customer_ids) if cid in allowed]
    if not chosen:
        return 0
    now = dt.datetime.now(dt.UTC)
    session.execute(
        insert(m.PackageEnrolment),
        [
            {
                "package_id": package_id,
                "customer_id": cid,
                "staff_id": actor.staff_id,
                "enrolled_at": now,
                "status": "active",
            }
            for cid in chosen
        ],
    )
    hooks.record(
        session,
        actor,
        "service_package",
        package_id,
        "enrol",
        {"customers": len(chosen), "skipped": len(customer_ids) - len(chosen)},
    )
    return len(chosen)
