"""The record of a version cut before records existed, rebuilt from its cut commit.

The commit's tree is exported (``git archive``) to a temporary folder and built there by that
commit's OWN code (its ``src/`` first on the import path), stamped with the commit's time as that
build would have been, with the writer versions the commit pinned (refused when the installed ones
differ). The archives, which that code did not make, are made from its release folder by the
current archiver; the record says so in its note.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from claimtrace.release.archive import write_archives
from claimtrace.release.created import iso_utc
from claimtrace.release.errors import ReleaseError
from claimtrace.release.record import Record, describe_release, write_record
from claimtrace.release.tag import git, repository
from claimtrace.release.version import package_version
from claimtrace.release.writers import installed_writers, pinned_writers, require_writers

BUILD_WITH_OWN_CODE = (
    "import sys; sys.path.insert(0, 'src'); from claimtrace.cli import main; "
    "sys.argv = ['claimtrace', 'release', '.', '--out', sys.argv[1]]; main()"
)
NOTE = (
    "Reconstructed from its cut commit by scripts/record_release.py: the release folder was "
    "built by that commit's own code with the writers it pinned; the archives, which that code "
    "did not make, were made from that folder by the archiver of the reconstructing commit."
)


def reconstruct_record(root: Path | str, commit: str) -> tuple[Record, Path]:
    """Rebuild the release cut at ``commit`` and write (not commit) its record under ``root``."""
    root = Path(root)
    repo = repository(root)
    full = str(git(repo, "rev-parse", "--verify", f"{commit}^{{commit}}"))
    epoch = int(str(git(repo, "show", "-s", "--format=%ct", full)))
    with tempfile.TemporaryDirectory(prefix="claimtrace-cut-") as tmp:
        tree, out = Path(tmp) / "tree", Path(tmp) / "dist"
        tree.mkdir()
        tar = git(repo, "archive", "--format=tar", full, data=True)
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(tree, filter="data")
        from claimtrace.release.corpus import read_descriptor

        version = package_version(read_descriptor(tree), tree)
        pins = pinned_writers(tree)
        if pins is None:
            raise ReleaseError(f"{full[:12]} pins no writer versions; its bytes cannot be rebuilt")
        require_writers(pins, f"{full[:12]} pinned the writers")
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
        done = subprocess.run(
            [sys.executable, "-c", BUILD_WITH_OWN_CODE, str(out)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ReleaseError(f"the build of {full[:12]} failed:\n{done.stderr.strip()}")
        folder = next(out.glob(f"*-{version}"))
        write_archives(folder, epoch)
        record = describe_release(folder, full, iso_utc(epoch), installed_writers(), NOTE)
    return record, write_record(root, record)
