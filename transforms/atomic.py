"""The one atomic file writer of stcat: a temporary name beside the target, then ``os.replace``.

A crash never leaves half a file, and a reader sees the old content or the new, never a mix. Used
by the raw archive (many small blobs), the warehouse's Parquet files, the catalogs and the flows'
state files. Hand-written because the standard library has no atomic replace-a-file helper.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Iterator
from pathlib import Path

_SEQ = itertools.count()
_O_BINARY = getattr(os, "O_BINARY", 0)


def _tmp_name(path: Path) -> Path:
    # unique to this process, thread and call: no random-name retries (mkstemp), which matters for
    # the archive's many small files
    return path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_SEQ)}.tmp"


@contextlib.contextmanager
def atomic_path(path: Path | str, *, mkdir: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place, else delete it.

    ``mkdir=False`` skips creating the folder (the caller knows it exists).
    """
    path = Path(path)
    if mkdir:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(
    path: Path | str, data: bytes, *, if_changed: bool = True, fsync: bool = False, mkdir: bool = True
) -> bool:
    """Write ``data`` to ``path`` atomically. True if written.

    ``if_changed`` (default) leaves a file that already holds exactly these bytes untouched (same
    modification time: a no-change run is a true no-op). ``fsync`` also survives power loss, at a
    cost per file; a process crash is covered without it.
    """
    path = Path(path)
    if if_changed:
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
    with atomic_path(path, mkdir=mkdir) as tmp:
        # one open, one write, one close per file: no buffered file object
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _O_BINARY, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
    return True
