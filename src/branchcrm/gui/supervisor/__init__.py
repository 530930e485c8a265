"""Supervisors' and branch heads' screens: dashboard, KPIs, rebalancing, handover, packages."""
