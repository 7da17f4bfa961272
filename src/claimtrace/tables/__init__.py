"""Reading and writing the package's CSV tables."""
