"""Files a release builds from its own staged tables and texts: the viewer and the exports.

Each is one companion of ``contents.COMPANIONS``; the first one a build asks for builds them all,
the others take theirs from that build. They are built from the validated working corpus's
tables and texts (the release's rows) with the staged release as the package: its descriptor
(with ``created``) and its folder, so Croissant's checksums are those of the release's own CSV
files. (The staged folder itself cannot be validated yet: SHA256SUMS comes last.)
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from claimtrace.exports.formats import FILES
from claimtrace.release.corpus import read_descriptor
from claimtrace.release.errors import ReleaseError

if TYPE_CHECKING:
    from claimtrace.release.contents import BuildContext

VIEWER = "viewer.html"
GENERATED = (VIEWER, *FILES.values())
"""Release paths of the generated companions."""
_last: list = []
"""One slot: (the build context, its generated files), for the build in progress."""


def _generate(context: BuildContext) -> dict[str, bytes]:
    """Every generated file of the release being built, by release path.

    The release shows every source side by side, however many there are: ``claimtrace view``'s
    ``--max-sources`` guards interactive use, a release must not fail for growing.
    """
    from claimtrace.exports.write import exports
    from claimtrace.valid import InvalidPackageError, load_valid
    from claimtrace.viewer.page import render_page

    if context.staged is None:
        raise ReleaseError("the viewer and the exports are built from a staged release")
    try:
        working = load_valid(context.root)
    except InvalidPackageError as exc:
        raise ReleaseError(f"the corpus does not validate: {exc}") from None
    descriptor = read_descriptor(context.staged)
    package = replace(working, root=context.staged, descriptor=descriptor)
    sources = package.frames["sources"].height if "sources" in package.frames else 0
    viewer = render_page(package, max_sources=max(sources, 1)).encode("utf-8")
    return {VIEWER: viewer, **exports(package)}


def generated_file(context: BuildContext, rel: str) -> bytes:
    """The bytes of the generated file ``rel`` of the release ``context`` builds."""
    if not (_last and _last[0][0] is context):
        _last[:] = [(context, _generate(context))]
    return _last[0][1][rel]
