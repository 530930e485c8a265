"""Manager teams with profit-sharing ratios that always add up to 100 %."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import may_reassign
from branchcrm.services.errors import NotFound, PermissionDenied, ValidationError


def _check_shares(members: dict[int, int], lead_id: int) -> None:
    if not members:
        raise ValidationError({"members": "a team needs members"})
    if lead_id not in members:
        raise ValidationError({"lead": "the lead must be a member of the team"})
    if any(bp < 0 for bp in members.values()):
        raise ValidationError({"shares": "shares cannot be negative"})
    total = sum(members.values())
    if total != 10000:
        raise ValidationError({"shares": f"shares add up to {total / 100:g} %, not 100 %"})


def _check_people(session: Session, members: dict[int, int]) -> None:
    """Only active customer managers can share a team's results."""
    rows = session.execute(select(m.Staff).where(m.Staff.id.in_(list(members)))).scalars().all()
    found = {s.id: s for s in rows}
    bad = [
        str(sid)
        for sid in members
        if sid not in found
        or found[sid].status != "active"
        or "manager" not in found[sid].role_names
    ]
    if bad:
        raise ValidationError({"members": f"not active customer managers: {', '.join(bad)}"})


def create_team(
    session: Session, actor: Actor, *, name: str, lead_id: int, members: dict[int, int]
) -> int:
    """``members`` maps staff id to share in basis points (10000 = 100 %)."""
    if not may_reassign(actor.roles):
        raise PermissionDenied(f"{actor.login} may not form teams")
    _check_shares(members, lead_id)
    _check_people(session, members)
    assert actor.branch_id is not None
    team = m.Team(
        branch_id=actor.branch_id,
        name=name.strip(),
        lead_id=lead_id,
        members=[m.TeamMember(staff_id=s, share_bp=bp) for s, bp in members.items()],
    )
    session.add(team)
    session.flush()
    return team.id


def set_members(
    session: Session, actor: Actor, team_id: int, expected_version: int, members: dict[int, int]
) -> None:
    if not may_reassign(actor.roles):
        raise PermissionDenied(f"{actor.login} may not change teams")
    team = session.get(m.Team, team_id)
    if team is None:
        raise NotFound(f"team {team_id} not found")
    _check_shares(members, team.lead_id)
    _check_people(session, members)
    if team.version != expected_version:
        from branchcrm.services.errors import ConflictError

        raise ConflictError("team", team_id, {}, team.version)
    team.members = [m.TeamMember(staff_id=s, share_bp=bp) for s, bp in members.items()]
    session.flush()


def shares(session: Session, team_id: int) -> dict[int, int]:
    return dict(
        session.execute(
            select(m.TeamMember.staff_id, m.TeamMember.share_bp).where(
                m.TeamMember.team_id == team_id
            )
        ).all()
    )
