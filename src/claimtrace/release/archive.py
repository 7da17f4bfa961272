"""One file per release: a deterministic ``.tar.gz`` of the release folder, and reading one back.

Written with the standard library (tarfile, gzip) because the options that make it reproducible are
few and all visible here: members sorted by path under ``<release>/``, mtimes from the release
time, uid/gid 0 and no user names, fixed modes, and a gzip header without a file name or time.
The annotations-only variant leaves out ``data/texts/`` (for redistribution where the texts' rights
forbid it) and keeps the descriptor and SHA256SUMS, so a folder rehydrated with the user's own
copies (``claimtrace rehydrate``) is the full release, file for file.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrace.release.errors import ReleaseError
from claimtrace.release.staging import MARK

SUFFIX = ".tar.gz"
ANNOTATIONS = "-annotations"
TEXTS_DIR = "data/texts"


def archive_names(release_name: str) -> dict[str, str]:
    """The archive file names of a release folder name: ``full`` and ``annotations``."""
    return {
        "full": release_name + SUFFIX,
        "annotations": release_name + ANNOTATIONS + SUFFIX,
    }


def _members(folder: Path, with_texts: bool) -> list[Path]:
    paths = sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())
    if with_texts:
        return paths
    texts = folder / TEXTS_DIR
    return [p for p in paths if p != texts and texts not in p.parents]


def archive_bytes(folder: Path, epoch: int, *, with_texts: bool = True) -> bytes:
    """The ``.tar.gz`` of ``folder`` (members under ``folder.name/``), the same bytes every time."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        entries = [folder, *_members(folder, with_texts)]
        for path in entries:
            rel = folder.name if path == folder else f"{folder.name}/{path.relative_to(folder)}"
            info = tarfile.TarInfo(rel)
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, compresslevel=9, mtime=0) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def write_archives(folder: Path, epoch: int) -> dict[str, Path]:
    """Write both archives of ``folder`` beside it, each atomically (temp file, then rename)."""
    written = {}
    for kind, name in archive_names(folder.name).items():
        target = folder.parent / name
        data = archive_bytes(folder, epoch, with_texts=kind == "full")
        # named like a staging folder, so a build killed here leaves nothing the next one keeps
        prefix = f".{name}.{MARK}{os.getpid()}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            os.utime(tmp, (epoch, epoch))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written[kind] = target
    return written


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a file to read as a release archive (rather than a folder)."""
    return path.is_file() and path.name.endswith(SUFFIX)


MAX_EXTRACTED_BYTES = 16 << 30
"""Most bytes a release archive may expand to (its files' declared sizes, summed): 16 GiB."""
MAX_MEMBERS = 1_000_000


def _refuse_a_bomb(archive: Path, members: list[tarfile.TarInfo]) -> None:
    """ReleaseError before extracting when the archive would expand beyond the limits."""
    total = sum(m.size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_EXTRACTED_BYTES:
        raise ReleaseError(
            f"{archive.name}: expands to {len(members):,} entries and {total:,} bytes, more than "
            f"a release may ({MAX_MEMBERS:,} entries, {MAX_EXTRACTED_BYTES:,} bytes); not extracted"
        )


@contextmanager
def extracted(archive: Path) -> Iterator[Path]:
    """The release folder inside ``archive``, extracted to a temporary directory removed after.

    Extraction uses tarfile's ``data`` filter: no absolute paths, no ``..``, no links leading
    out, no device files; an archive that would expand beyond ``MAX_EXTRACTED_BYTES`` is refused
    before anything is written. The archive must hold exactly one top-level folder.
    """
    tmp = Path(tempfile.mkdtemp(prefix="claimtrace-release-"))
    try:
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
                _refuse_a_bomb(archive, tar.getmembers())
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError, EOFError, gzip.BadGzipFile) as exc:
            raise ReleaseError(f"{archive.name}: not a readable release archive ({exc})") from None
        tops = list(tmp.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            raise ReleaseError(f"{archive.name}: a release archive holds exactly one folder")
        yield tops[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
