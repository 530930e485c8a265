"""Excel and PDF reports; no Qt widgets."""
