"""Archived texts: normalisation, hashing and anchoring of quotes."""
