"""Use cases. Each takes a Session (one per user action) and the acting staff member."""
