"""How large a package the viewer shows by default (a light module: the CLI imports it)."""

DEFAULT_MAX_SOURCES = 12
"""More texts than this side by side are unreadable; ``--max-sources`` raises the limit."""
