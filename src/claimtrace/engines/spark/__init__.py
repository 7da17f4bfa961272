"""The validator's rules on Apache Spark, for packages larger than one machine.

``validate_spark(path, master)`` runs the rules of ``coverage.NATIVE`` as Spark jobs over the
package's CSV tables, and the descriptor checks of ``coverage.SHARED`` with the default engine's
own code (the descriptor is a few kB: it is read on the driver). The rules of
``coverage.NOT_COVERED`` (byte scan, CSV shape, hostile cells, row rules, proposition status,
lineage cycles) are left to the default engine; docs/scale.md says how to run both.
pyspark is imported only here (``pip install claimtrace[spark]``).
"""

from claimtrace.engines.spark.validate import validate_spark

__all__ = ["validate_spark"]
