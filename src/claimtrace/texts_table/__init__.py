"""Archived texts as one partitioned Parquet table instead of one ``.txt`` file per text.

The layout (see ``layout`` for the numbers and docs/texts-parquet.md for the reasoning): a
resource ``texts`` of ``datapackage.json``, format ``parquet``, whose ``path`` lists its parts
``data/texts/part-00000.parquet``, ``part-00001.parquet``, ...; columns ``source_id``, ``text``
and ``sha256``; rows sorted by ``source_id`` and cut into parts of bounded rows and bytes. The row
of source ``X`` stands for the file ``data/texts/X.txt`` of the ``.txt`` layout, so
``sources.text_path``, ``text_sha256`` and ``text_chars`` keep their values and meaning, and every
corpus rule reads the same in both layouts.
"""
