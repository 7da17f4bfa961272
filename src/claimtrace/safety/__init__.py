"""Guards every command shares: contained file access, strict JSON, terminal-safe text."""
