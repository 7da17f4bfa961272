"""The validator's rules on Apache Spark, for packages larger than one machine.

``validate_spark(path, master)`` runs every rule of the catalogue: as Spark SQL where a rule is
a row expression or a join, and as the default engine's own polars code on the executors where
it is not (byte scan, CSV shape, texts, row rules, semantic rules); ``coverage`` says which, rule
by rule. pyspark is imported only here (``pip install claimtrace[spark]``).
"""

from claimtrace.engines.spark.validate import validate_spark

__all__ = ["validate_spark"]
