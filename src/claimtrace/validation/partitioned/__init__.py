"""Partitioned validation: a package larger than memory, checked one partition at a time.

Rows are grouped by the connected components of the ids they share (a claim with its source,
proposition, parent claim, figures and actor links; a source with its lineage), so every rule
that relates rows, keys and foreign keys included, finds both ends in the same partition and
stays exact. See ``plan`` for the grouping and ``run`` for the validation.
"""
