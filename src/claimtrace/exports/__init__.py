"""``claimtrace export``: the package in standard formats that other tools read.

W3C Web Annotation (every claim and figure anchored to its archived text), schema.org ``Claim``
JSON-LD, Croissant metadata and a single-file SQLite database. Modules import their libraries
lazily; ``claimtrace.exports.write`` writes them.
"""
