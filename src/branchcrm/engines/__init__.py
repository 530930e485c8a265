"""Engines that keep derived data current: tiers, reminders, potential-customer scores.

They work set-wise over the whole branch (100,000 customers in seconds), write with bulk
statements and record one audit row per run, because per-object ORM work is too slow here.
"""
