"""The default tier ladder and product catalogue, stored as data an administrator may edit.

``ensure_defaults`` only adds what is missing (by code): it never overwrites thresholds or
products someone has changed, so it is safe to call on every start and before demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor

WAN = 1_000_000  # 1万元 = 10,000 yuan = 1,000,000 fen


@dataclass(frozen=True)
class TierDefault:
    code: str
    name: str
    rank: int
    min_aum_fen: int
    needs_secondary: bool
    no_contact_days: int
    large_txn_fen: int
    colour: str


@dataclass(frozen=True)
class ProductDefault:
    code: str
    name: str
    category: str
    risk_rating: str | None
    term_days: int | None


DEFAULT_TIERS: tuple[TierDefault, ...] = (
    TierDefault("standard", "普通", 1, 0, False, 180, 5 * WAN, "#9E9E9E"),
    TierDefault("gold", "金卡", 2, 5 * WAN, False, 120, 10 * WAN, "#D4A017"),
    TierDefault("platinum", "白金", 3, 50 * WAN, True, 90, 20 * WAN, "#7F8C9D"),
    TierDefault("diamond", "钻石", 4, 200 * WAN, True, 60, 50 * WAN, "#2E86C1"),
    TierDefault("private", "私人银行", 5, 600 * WAN, True, 30, 100 * WAN, "#6C3483"),
)

DEFAULT_PRODUCTS: tuple[ProductDefault, ...] = (
    ProductDefault("DD-SAV", "活期储蓄", "demand_deposit", "R1", None),
    ProductDefault("DD-PAY", "代发工资卡活期", "demand_deposit", "R1", None),
    ProductDefault("TD-7D", "七天通知存款", "time_deposit", "R1", 7),
    ProductDefault("TD-3M", "整存整取三个月", "time_deposit", "R1", 91),
    ProductDefault("TD-1Y", "整存整取一年", "time_deposit", "R1", 365),
    ProductDefault("TD-3Y", "整存整取三年", "time_deposit", "R1", 1095),
    ProductDefault("TD-CD3Y", "大额存单三年期(20万起)", "time_deposit", "R1", 1095),
    ProductDefault("WM-R2-90", "稳享固收90天", "wealth", "R2", 90),
    ProductDefault("WM-R2-180", "稳享固收180天", "wealth", "R2", 180),
    ProductDefault("WM-R3-365", "丰盈增强一年期", "wealth", "R3", 365),
    ProductDefault("WM-R2-OPEN", "天天利每日开放", "wealth", "R2", None),
    ProductDefault("FD-MIX", "稳健配置混合型基金", "fund", "R3", None),
    ProductDefault("FD-IDX300", "沪深300指数增强基金", "fund", "R4", None),
    ProductDefault("FD-EQ", "科技成长股票型基金", "fund", "R4", None),
    ProductDefault("IN-ANN", "鑫享年金保险(10年交)", "insurance", None, 3650),
    ProductDefault("IN-CI", "安康重大疾病保险", "insurance", None, 7300),
    ProductDefault("PM-ACC", "积存金", "precious_metal", "R3", None),
    ProductDefault("PM-BAR", "投资金条", "precious_metal", "R2", None),
    ProductDefault("BD-SAV3Y", "储蓄国债(电子式)三年期", "bond", "R1", 1095),
    ProductDefault("BD-SAV5Y", "储蓄国债(电子式)五年期", "bond", "R1", 1825),
)


def ensure_defaults(session: Session, actor: Actor) -> None:
    """Add the default tiers and products that are missing; leave existing ones untouched.

    A tier whose rank is already taken by another code is skipped: the administrator's
    ladder wins over the default. The changes go through the ORM, so they are audited.
    """
    if session.info.get("actor") is None:
        session.info["actor"] = actor
    codes = set(session.scalars(select(m.Tier.code)))
    ranks = set(session.scalars(select(m.Tier.rank)))
    for t in DEFAULT_TIERS:
        if t.code in codes or t.rank in ranks:
            continue
        session.add(
            m.Tier(
                code=t.code,
                name=t.name,
                rank=t.rank,
                min_aum_fen=t.min_aum_fen,
                needs_secondary=t.needs_secondary,
                no_contact_days=t.no_contact_days,
                large_txn_fen=t.large_txn_fen,
                colour=t.colour,
            )
        )
    products = set(session.scalars(select(m.Product.code)))
    for p in DEFAULT_PRODUCTS:
        if p.code in products:
            continue
        session.add(
            m.Product(
                code=p.code,
                name=p.name,
                category=p.category,
                risk_rating=p.risk_rating,
                term_days=p.term_days,
                active=True,
            )
        )
    session.flush()
