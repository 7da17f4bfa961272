import pytest

from corpus_factory import Corpus, build_corpus


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    """A fresh, valid copy of the package to break one thing at a time."""
    return build_corpus(tmp_path / "pkg")
