"""The branch data model.

Money is integer fen (``*_fen``). Timestamps are UTC. Every record a person edits carries a
``version`` used for optimistic locking, so two workstations never silently overwrite each
other: the losing flush raises ``StaleDataError``, which the services turn into a conflict.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchcrm.db.base import Base, BigId, UTCDateTime, utcnow
from branchcrm.domain import search_keys

# Compared byte by byte on both databases, whatever the PostgreSQL database's collation: the
# key is built for bytewise order (see ``search_keys.name_sort_key``).
NameKey = String(search_keys.NAME_KEY_LENGTH).with_variant(
    String(search_keys.NAME_KEY_LENGTH, collation="C"), "postgresql"
)
NAME_KEY_MISSING = text("name_key IS NULL")


def _name_key_default(context: DefaultExecutionContext | None) -> str | None:
    """Core inserts that leave the key out get it from the row's name. Writers that bypass
    SQLAlchemy (COPY) leave it empty; ``hooks.fill_missing_name_keys`` catches up."""
    if context is None:
        return None
    name = context.get_current_parameters().get("name")
    return search_keys.name_sort_key(name) if isinstance(name, str) else None


class Versioned:
    """Mixin: a version counter that SQLAlchemy checks on every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class AppMeta(Base):
    """Marks a database as BranchCRM's: ``app = branchcrm``."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Branch(Base):
    __tablename__ = "branch"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Staff(Versioned, Base):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("status in ('active','on_leave','departed','transferred')", name="status"),
        CheckConstraint("capacity >= 0", name="capacity"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="active")
    leave_from: Mapped[dt.date | None] = mapped_column(Date)
    leave_to: Mapped[dt.date | None] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer, default=400)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[StaffRole]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": Versioned.version}

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)


class StaffRole(Base):
    __tablename__ = "staff_role"
    __table_args__ = (
        CheckConstraint("role in ('manager','lobby','supervisor','head','admin')", name="role"),
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    staff: Mapped[Staff] = relationship(back_populates="roles")


class Customer(Versioned, Base):
    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("id_type", "id_number"),
        CheckConstraint("gender in ('M','F') or gender is null", name="gender"),
        CheckConstraint(
            "risk_level in ('C1','C2','C3','C4','C5') or risk_level is null", name="risk_level"
        ),
        CheckConstraint("status in ('active','dormant','closed')", name="status"),
        CheckConstraint("birth_month between 1 and 12 or birth_month is null", name="birth_month"),
        CheckConstraint("birth_day between 1 and 31 or birth_day is null", name="birth_day"),
        Index("ix_customer_branch_name", "branch_id", "name"),
        Index("ix_customer_birth_md", "birth_month", "birth_day"),
        # The portfolio's sorts, each read from an index ending in the id tie-breaker; the
        # common filters (tier, risk) then list names in order straight from their index.
        Index("ix_customer_name_key", "name_key", "id"),
        Index("ix_customer_tier_name_key", "tier_code", "name_key", "id"),
        Index("ix_customer_risk_name_key", "risk_level", "name_key", "id"),
        Index("ix_customer_completeness", "completeness", "id"),
        Index(
            "ix_customer_name_key_missing",
            "id",
            sqlite_where=NAME_KEY_MISSING,
            postgresql_where=NAME_KEY_MISSING,
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    customer_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    # A birthday known only as month and day (year unknown) keeps birth_date empty.
    birth_month: Mapped[int | None] = mapped_column(SmallInteger)
    birth_day: Mapped[int | None] = mapped_column(SmallInteger)
    id_type: Mapped[str | None] = mapped_column(String(16))
    id_number: Mapped[str | None] = mapped_column(String(32))
    mobile: Mapped[str | None] = mapped_column(String(20), index=True)
    other_phones: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    occupation: Mapped[str | None] = mapped_column(String(100))
    employer: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(100))
    risk_level: Mapped[str | None] = mapped_column(String(2))
    risk_assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    risk_expires_on: Mapped[dt.date | None] = mapped_column(Date)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")
    source: Mapped[str | None] = mapped_column(String(100))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    # Denormalized for the portfolio list (sorted and filtered in SQL); kept by the engines.
    tier_code: Mapped[str | None] = mapped_column(String(16), index=True)
    aum_fen: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    last_contact_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    completeness: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Search keys, maintained on every write (see domain.search_keys).
    search_text: Mapped[str] = mapped_column(Text, default="")
    short_keys: Mapped[str] = mapped_column(Text, default="")
    # Pinyin sort key of the name (search_keys.name_sort_key): the portfolio sorts by it.
    name_key: Mapped[str | None] = mapped_column(NameKey, default=_name_key_default)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    tags: Mapped[list[CustomerTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="customer"
    )

    __mapper_args__ = {"version_id_col": Versioned.version}


class CustomerTag(Base):
    __tablename__ = "customer_tag"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)
    customer: Mapped[Customer] = relationship(back_populates="tags")


class CustomerRelationship(Base):
    __tablename__ = "customer_relationship"
    __table_args__ = (
        UniqueConstraint("customer_id", "related_id", "kind"),
        CheckConstraint("kind in ('spouse','parent','child','partner','other')", name="kind"),
        CheckConstraint("customer_id <> related_id", name="not_self"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    related_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(200))


class Product(Versioned, Base):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint(
            "category in ('demand_deposit','time_deposit','wealth','fund','insurance',"
            "'precious_metal','bond','other')",
            name="category",
        ),
        CheckConstraint(
            "risk_rating in ('R1','R2','R3','R4','R5') or risk_rating is null", name="risk"
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    risk_rating: Mapped[str | None] = mapped_column(String(2))
    term_days: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __mapper_args__ = {"version_id_col": Versioned.version}


class Holding(Versioned, Base):
    __tablename__ = "holding"
    __table_args__ = (
        Index("ix_holding_maturity", "maturity_date"),
        CheckConstraint("status in ('open','matured','closed')", name="status"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    account_no: Mapped[str | None] = mapped_column(String(40))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    maturity_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    __mapper_args__ = {"version_id_col": Versioned.version}


class PeriodBalance(Base):
    """Daily-average balance of one customer in one month and one asset category."""

    __tablename__ = "period_balance"
    __table_args__ = (
        UniqueConstraint("customer_id", "period", "category"),
        # Covers the dashboard's month totals and a month's balances per customer: both read
        # the index alone, never the table.
        Index("ix_period_balance_period_customer", "period", "customer_id", "avg_balance_fen"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    category: Mapped[str] = mapped_column(String(20))
    avg_balance_fen: Mapped[int] = mapped_column(BigInteger)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class AccountTransaction(Base):
    __tablename__ = "account_transaction"
    __table_args__ = (
        Index("ix_account_transaction_customer_at", "customer_id", "occurred_at"),
        UniqueConstraint("source_ref"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    account_no: Mapped[str | None] = mapped_column(String(40))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # positive in, negative out
    kind: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(String(200))
    # The bank system's own reference: re-importing the same feed changes nothing.
    source_ref: Mapped[str | None] = mapped_column(String(80))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class PotentialRun(Base):
    """One snapshot of the potential engine's scores, taken as of a day (the first day of a
    reporting period): the dashboard reads it instead of scoring the branch on every view."""

    __tablename__ = "potential_run"
    as_of: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    taken_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    customers: Mapped[int] = mapped_column(Integer, default=0)  # customers with a score
    weights: Mapped[str | None] = mapped_column(Text)  # JSON: the weights used


class PotentialSnapshot(Base):
    """A customer's potential score in a snapshot; only customers with a score are kept."""

    __tablename__ = "potential_snapshot"
    as_of: Mapped[dt.date] = mapped_column(
        ForeignKey("potential_run.as_of", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int] = mapped_column(SmallInteger)


class Tier(Versioned, Base):
    """A rung of the tier ladder; thresholds are data an administrator edits."""

    __tablename__ = "tier"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    min_aum_fen: Mapped[int] = mapped_column(BigInteger)
    needs_secondary: Mapped[bool] = mapped_column(Boolean, default=False)
    no_contact_days: Mapped[int] = mapped_column(Integer, default=180)
    large_txn_fen: Mapped[int] = mapped_column(BigInteger, default=5_000_000)
    colour: Mapped[str | None] = mapped_column(String(9))

    __mapper_args__ = {"version_id_col": Versioned.version}


class TierHistory(Base):
    __tablename__ = "tier_history"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    from_tier: Mapped[str | None] = mapped_column(String(16))
    to_tier: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(7))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    figures: Mapped[str | None] = mapped_column(Text)  # JSON


class Team(Versioned, Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    name: Mapped[str] = mapped_column(String(100))
    lead_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    members: Mapped[list[TeamMember]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="team"
    )

    __mapper_args__ = {"version_id_col": Versioned.version}


class TeamMember(Base):
    __tablename__ = "team_member"
    __table_args__ = (CheckConstraint("share_bp between 0 and 10000", name="share"),)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    share_bp: Mapped[int] = mapped_column(Integer)  # basis points: 10000 = 100 %
    team: Mapped[Team] = relationship(back_populates="members")


ACTIVE_PRIMARY_OR_SECONDARY = text("valid_to IS NULL AND role IN ('primary','secondary')")


class Assignment(Versioned, Base):
    """Who serves a customer in which role from when to when; history is never rewritten."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("role in ('primary','secondary','team','chief')", name="role"),
        CheckConstraint("share_bp between 0 and 10000", name="share"),
        CheckConstraint("valid_to is null or valid_to >= valid_from", name="dates"),
        # At most one current primary and one current secondary per customer ...
        Index(
            "uq_assignment_current_primary",
            "customer_id",
            unique=True,
            sqlite_where=text("valid_to IS NULL AND role = 'primary'"),
            postgresql_where=text("valid_to IS NULL AND role = 'primary'"),
        ),
        Index(
            "uq_assignment_current_secondary",
            "customer_id",
            unique=True,
            sqlite_where=text("valid_to IS NULL AND role = 'secondary'"),
            postgresql_where=text("valid_to IS NULL AND role = 'secondary'"),
        ),
        # ... and the secondary is never the primary.
        Index(
            "uq_assignment_current_person",
            "customer_id",
            "staff_id",
            unique=True,
            sqlite_where=ACTIVE_PRIMARY_OR_SECONDARY,
            postgresql_where=ACTIVE_PRIMARY_OR_SECONDARY,
        ),
        # Who serves whom now: visibility, portfolio loads and staff counts read only this.
        Index(
            "ix_assignment_open_by_staff",
            "staff_id",
            "role",
            "customer_id",
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
        Index("ix_assignment_customer", "customer_id", "valid_to"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    role: Mapped[str] = mapped_column(String(12))
    share_bp: Mapped[int] = mapped_column(Integer, default=0)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(200))
    batch_ref: Mapped[str | None] = mapped_column(String(40), index=True)

    __mapper_args__ = {"version_id_col": Versioned.version}


class Contact(Versioned, Base):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(
            "channel in ('visit','phone','home_visit','wechat','sms','other')", name="channel"
        ),
        CheckConstraint(
            "satisfaction between 1 and 5 or satisfaction is null", name="satisfaction"
        ),
        Index("ix_contact_customer_at", "customer_id", "occurred_at"),
        Index("ix_contact_staff_at", "staff_id", "occurred_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(12))
    purpose: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    needs: Mapped[str | None] = mapped_column(Text)
    products_recommended: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(200))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    next_follow_up: Mapped[dt.date | None] = mapped_column(Date)
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)
    campaign: Mapped[str | None] = mapped_column(String(100))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": Versioned.version}


class Reminder(Versioned, Base):
    __tablename__ = "reminder"
    __table_args__ = (
        CheckConstraint("status in ('open','done','snoozed','dismissed')", name="status"),
        Index("ix_reminder_staff_status_due", "staff_id", "status", "due_date"),
        Index("ix_reminder_customer", "customer_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    snoozed_until: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    # The event that raised it, e.g. "birthday:123:2026": a rescan never duplicates a reminder.
    event_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": Versioned.version}


class ServicePackage(Versioned, Base):
    __tablename__ = "service_package"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    min_aum_fen: Mapped[int | None] = mapped_column(BigInteger)
    max_aum_fen: Mapped[int | None] = mapped_column(BigInteger)
    tier_code: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __mapper_args__ = {"version_id_col": Versioned.version}


class PackageEnrolment(Base):
    __tablename__ = "package_enrolment"
    __table_args__ = (UniqueConstraint("package_id", "customer_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("service_package.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="active")


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # notebook, feed:balances, ...
    file_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="running")
    counts: Mapped[str | None] = mapped_column(Text)  # JSON
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ReviewItem(Versioned, Base):
    """A row a machine must not guess about; a person fixes or accepts it."""

    __tablename__ = "review_item"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    file: Mapped[str] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(200))
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(100))
    field: Mapped[str | None] = mapped_column(String(40))
    raw: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": Versioned.version}


class Setting(Versioned, Base):
    """Branch-wide settings stored in the database (JSON values)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": Versioned.version}


class AuditLog(Base):
    """Append-only: the services never update or delete it and database triggers refuse to."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_staff_at", "staff_id", "at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    workstation: Mapped[str | None] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(24))
    changes: Mapped[str | None] = mapped_column(Text)  # JSON {field: [old, new]}
