"""Deterministic zips: sorted entries, one fixed timestamp, fixed permissions, safe relative paths only."""

from __future__ import annotations

import io
import posixpath
import zipfile

# The earliest date a zip can hold: the same bytes whenever and wherever a package is built.
EPOCH = (1980, 1, 1, 0, 0, 0)
# Already compressed: stored as they are (deflating them again costs time and gains nothing).
STORED = (".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".zip", ".pdf")


def safe_member(name: str) -> bool:
    """A relative path inside the archive: no leading slash, drive, backslash, `.` or `..` part."""
    if not name or name.startswith("/") or "\\" in name or ":" in name.split("/", 1)[0]:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/")) and posixpath.normpath(name) == name


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of {path: bytes}; refuses any path that could land outside the folder it is unpacked in."""
    bad = sorted(name for name in files if not safe_member(name))
    if bad:
        raise ValueError(f"unsafe paths in a package: {', '.join(bad)}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            stored = name.lower().endswith(STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=None if stored else 9)
    return buffer.getvalue()
