"""Typed dates derived from the EDTF strings of the corpus: the bounds a release stores."""
