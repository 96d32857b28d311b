"""A strict, safe YAML reader that keeps the position of every value.

Why not `yaml.safe_load`: it keeps the last of two duplicate keys, turns `no` into False,
`012345` into an octal number and `12:30` into 750, and expands alias bombs. Here every
scalar stays the text the author wrote (pydantic converts it to the field's type), duplicate
keys, anchors/aliases and non-core tags are errors, and each value keeps its line and column.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, YamlError

# Explicit tags an author may write; anything else (`!!python/object`, `!custom`) is refused.
_ALLOWED_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
# libyaml's C parser is about 20 times faster than the pure-Python one; same events and nodes.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 2_000_000  # a curriculum file is a few dozen kB; refuse anything absurd


Loc = tuple[Any, ...]


@dataclass
class Document:
    """The data of one YAML file and where each value came from."""

    path: Path
    display: str
    data: Any = None
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `loc`, or of its closest located parent."""
        loc = tuple(loc)
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def origin(self, loc: Loc) -> tuple[Document, Loc]:
        """The file a value was written in and its place there (another file in a composed document)."""
        return self, tuple(loc)

    def diag(self, loc: Loc, message: str, *, severity: str = "error", key: bool = False) -> Diagnostic:
        line, col = self.where(loc, key=key)
        return Diagnostic(self.display, line, col, message, dotted(loc), severity)


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _invalid(display: str, exc: yaml.MarkedYAMLError, text: str = "") -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:  # libyaml only says a character "cannot start any token"
        return YamlError([Diagnostic(display, mark.line + 1, line.index("\t") + 1,
                                     "a tab in the indentation: YAML indents with spaces only; "
                                     "replace the tab with spaces")])
    return YamlError([Diagnostic(display, *_pos(mark), f"invalid YAML: {exc.problem or exc.context}")])


class _Reader:
    """One file being read: the document filled in, and every problem found on the way."""

    def __init__(self, path: Path, display: str, private: bool = False):
        self.doc = Document(path=path, display=display)
        self.problems: list[Diagnostic] = []
        self.private = private  # personal data: never quote a key, an anchor or a tag back

    def quote(self, text: str) -> str:
        return "" if self.private else f" {text}"

    def fail(self, mark, message: str) -> None:
        line, col = _pos(mark) if mark else (1, 1)
        self.problems.append(Diagnostic(self.doc.display, line, col, message))

    def refuse_references(self, text: str) -> None:
        """First pass over the event stream: refuse aliases, anchors and unknown tags before
        anything is composed, so an alias bomb costs nothing."""
        try:
            for event in yaml.parse(text, Loader=_Loader):
                anchor = getattr(event, "anchor", None)
                if isinstance(event, yaml.AliasEvent):
                    self.fail(event.start_mark, f"aliases{self.quote(f'(*{anchor})')} are not allowed; "
                                                "repeat the value instead")
                elif anchor:
                    self.fail(event.start_mark, f"anchors{self.quote(f'(&{anchor})')} are not allowed; "
                                                "repeat the value instead")
                tag = getattr(event, "tag", None)
                if tag not in _ALLOWED_TAGS:
                    self.fail(event.start_mark, f"the tag{self.quote(str(tag))} is not allowed; write a plain value")
        except yaml.MarkedYAMLError as exc:
            raise _invalid(self.doc.display, exc, text) from None

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        """The data of a node, every scalar as its text; positions recorded on the way."""
        self.doc.positions[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:  # plain style: None (Python) or "" (libyaml)
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        self.fail(node.start_mark, "unsupported YAML node")
        return None

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node.start_mark, "a key must be a plain word")
                continue
            key = key_node.value
            if key == "<<":
                self.fail(key_node.start_mark, "merge keys (<<) are not allowed; repeat the values")
                continue
            if key in out:
                first = self.doc.key_positions[loc + (key,)]
                self.fail(key_node.start_mark, f"duplicate key{self.quote(repr(key))} (first at line {first[0]}); "
                                               "keep one")
                continue
            self.doc.key_positions[loc + (key,)] = _pos(key_node.start_mark)
            out[key] = self.walk(value_node, loc + (key,))
        return out


def load_text(text: str, path: Path, display: str, *, private: bool = False) -> Document:
    """Parse `text` strictly; raise YamlError listing every problem found (with `private`, none
    quoting the file's keys: they may be names)."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise YamlError([Diagnostic(display, 1, 1, f"file is larger than {MAX_BYTES // 1000} kB; split it")])
    reader = _Reader(path, display, private)
    reader.refuse_references(text)
    if reader.problems:
        raise YamlError(reader.problems)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise _invalid(display, exc, text) from None
    if len(nodes) > 1:
        raise YamlError([Diagnostic(display, 1, 1, "one YAML document per file; remove the extra '---'")])
    reader.doc.data = reader.walk(nodes[0], ()) if nodes else None
    if reader.problems:
        raise YamlError(reader.problems)
    return reader.doc


def read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file, or None for anything else (a named pipe, a device, a folder):
    opened without blocking, so a pipe nobody writes to cannot make a command wait for ever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(fd)


def load_file(path: Path, display: str | None = None, *, private: bool = False) -> Document:
    display = display or str(path)
    try:
        raw = read_regular(Path(path))
    except OSError as exc:
        raise YamlError([Diagnostic(display, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    if raw is None:
        raise YamlError([Diagnostic(display, 1, 1, "not a regular file (a named pipe, a device or a folder); "
                                    "remove it or replace it with a YAML file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise YamlError([Diagnostic(display, line, col, "this character is not UTF-8; save the file as UTF-8")]) from None
    return load_text(text, Path(path), display, private=private)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset, as an editor shows them."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1
