"""Importers: reading untrusted spreadsheets and turning notebook rows into customers (no Qt)."""
