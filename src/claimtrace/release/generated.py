"""Files a release builds from its own staged tables and texts: the viewer and the exports.

Each is one companion of ``contents.COMPANIONS``; the first one a build asks for builds them all,
the others take theirs from that build. They are built from the cells validation checked (the
rows the release ships), the staged descriptor (with ``created``) and the staged texts, with the
staged folder as the package root, so Croissant's checksums are those of the release's files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrace.exports.formats import FILES
from claimtrace.release.corpus import read_descriptor
from claimtrace.release.errors import ReleaseError

if TYPE_CHECKING:
    from claimtrace.release.contents import BuildContext
    from claimtrace.valid import ValidPackage

VIEWER = "viewer.html"
GENERATED = (VIEWER, *FILES.values())
"""Release paths of the generated companions."""
_last: list = []
"""One slot: (the build context, its generated files), for the build in progress."""


def _staged_package(context: BuildContext) -> ValidPackage:
    """The release being built, as the viewer and the exports read a package.

    The cells validation checked, typed; the staged descriptor and texts. (The staged folder
    cannot be validated itself yet: SHA256SUMS comes last.)
    """
    from claimtrace.metadata import TableSchema
    from claimtrace.tables.typed import ROW, cast_typed
    from claimtrace.valid import ValidPackage

    if context.staged is None:
        raise ReleaseError("the viewer and the exports are built from a staged release")
    schemas = {n: TableSchema.from_descriptor(d, n) for n, d in context.schemas.items()}
    frames = {
        name: cast_typed(text.with_row_index(ROW), schemas[name])[0].drop(ROW)
        for name, text in context.tables.items()
    }
    from claimtrace.texts_table.read import texts_by_source

    descriptor = read_descriptor(context.staged)
    texts = {}
    if "sources" in frames:
        named = list(frames["sources"].select("source_id", "text_path").iter_rows())
        texts = texts_by_source(context.staged, descriptor, named)
    return ValidPackage(
        root=context.staged,
        descriptor=descriptor,
        schemas=schemas,
        frames=frames,
        texts=texts,
    )


def _generate(context: BuildContext) -> dict[str, bytes]:
    """Every generated file of the release being built, by release path.

    The release shows every source side by side, however many there are: ``claimtrace view``'s
    ``--max-sources`` guards interactive use, a release must not fail for growing.
    """
    from claimtrace.exports.write import exports
    from claimtrace.viewer.page import render_page

    package = _staged_package(context)
    sources = package.frames["sources"].height if "sources" in package.frames else 0
    viewer = render_page(package, max_sources=max(sources, 1)).encode("utf-8")
    return {VIEWER: viewer, **exports(package)}


def generated_file(context: BuildContext, rel: str) -> bytes:
    """The bytes of the generated file ``rel`` of the release ``context`` builds."""
    if not (_last and _last[0][0] is context):
        _last[:] = [(context, _generate(context))]
    return _last[0][1][rel]
