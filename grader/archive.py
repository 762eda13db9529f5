"""Reading a ``.zip`` of submissions (an LMS download) without trusting it.

An archive comes from a student or from an LMS that packed what students uploaded, so every
member is checked before a byte is written: names that climb out (``../``, absolute paths,
drive letters), links and devices, too many members, and more data than a class could hold
(a zip bomb declares small sizes or huge ratios; the bytes actually written are counted too, so
a lying header does not help). Anything refused stops the whole archive with a message: a
partly unpacked class would silently grade some students and not others. Everything is written
beneath the destination folder, which the caller makes in a temporary place.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""A member larger than this is refused (a submission is read only up to 1 MB anyway)."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed/compressed beyond this for a member over 1 MiB is a bomb, not source code
(text compresses 3 to 10 times; a run of zeros, thousands)."""
CHUNK = 1 << 16


class ArchiveError(Exception):
    """An archive that cannot be read safely; the message names the member and the reason."""


def unpack(archive: Path, dest: Path) -> Path:
    """Unpack ``archive`` into ``dest`` (created) and return the folder to grade: ``dest``, or
    the single folder it holds when the archive is one zipped folder (``class/alice/...``)."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = _checked(archive, zipped.infolist())
            dest.mkdir(parents=True, exist_ok=False)
            written = 0
            for info, parts in members:
                target = dest.joinpath(*parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = _copy(archive, zipped, info, target, written)
    except zipfile.BadZipFile as error:
        raise ArchiveError(f"{archive}: not a readable zip archive ({error})") from None
    except (OSError, RuntimeError, NotImplementedError, EOFError) as error:
        # RuntimeError: encrypted members; NotImplementedError: unknown compression
        raise ArchiveError(f"{archive}: cannot be unpacked ({error})") from None
    entries = [p for p in dest.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return dest


def _checked(
    archive: Path, infos: list[zipfile.ZipInfo]
) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(
            f"{archive}: {len(infos)} members, more than the {MAX_MEMBERS} a "
            "class download holds; refused"
        )
    total = 0
    out = []
    for info in infos:
        name = info.filename
        parts = _safe_parts(archive, name)
        kind_bits = stat.S_IFMT(info.external_attr >> 16)  # 0: a zip without Unix modes
        if kind_bits not in (0, stat.S_IFREG, stat.S_IFDIR):
            kind = "a symbolic link" if kind_bits == stat.S_IFLNK else "not a regular file"
            raise ArchiveError(f"{archive}: member '{name}' is {kind}; refused")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ArchiveError(
                f"{archive}: member '{name}' unpacks to {info.file_size} bytes "
                f"(limit {MAX_MEMBER_BYTES}); refused"
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveError(
                f"{archive}: member '{name}' is compressed "
                f"{info.file_size // max(info.compress_size, 1)} times (a zip "
                "bomb?); refused"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ArchiveError(f"{archive}: unpacks to more than {MAX_TOTAL_BYTES} bytes; refused")
        if parts:
            out.append((info, parts))
    return out


def _safe_parts(archive: Path, name: str) -> tuple[str, ...]:
    """The member's path as folder names that stay beneath the destination."""
    if "\x00" in name:
        raise ArchiveError(f"{archive}: a member name holds a NUL byte; refused")
    normal = name.replace("\\", "/")
    path = PurePosixPath(normal)
    if path.is_absolute() or (len(normal) > 1 and normal[1] == ":"):
        raise ArchiveError(f"{archive}: member '{name}' has an absolute path; refused")
    parts = tuple(p for p in path.parts if p not in ("", "."))
    if ".." in parts:
        raise ArchiveError(f"{archive}: member '{name}' points outside the archive (..); refused")
    return parts


def _copy(
    archive: Path, zipped: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, written: int
) -> int:
    size = 0
    with zipped.open(info) as source, open(target, "xb") as sink:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            written += len(chunk)
            if size > MAX_MEMBER_BYTES or written > MAX_TOTAL_BYTES:
                raise ArchiveError(
                    f"{archive}: member '{info.filename}' unpacks to more than it declares; refused"
                )
            sink.write(chunk)
    return written
