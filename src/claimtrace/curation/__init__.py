"""Curation tools: find numbers in texts, anchor rows to their quotes."""
