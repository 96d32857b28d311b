"""A strict, safe YAML reader that keeps the position of every value.

Why not `yaml.safe_load`: it keeps the last of two duplicate keys, turns `no` into False,
`012345` into an octal number and `12:30` into 750, and expands alias bombs. Here every
scalar stays the text the author wrote (pydantic converts it to the field's type), duplicate
keys, anchors/aliases and non-core tags are errors, and each value keeps its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic

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


class YamlError(Exception):
    """Raised with every diagnostic found in one file."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def load_text(text: str, path: Path, display: str) -> Document:
    """Parse `text` strictly; raise YamlError listing every problem found."""
    doc = Document(path=path, display=display)
    problems: list[Diagnostic] = []

    def fail(mark, message: str) -> None:
        line, col = _pos(mark) if mark else (1, 1)
        problems.append(Diagnostic(display, line, col, message))

    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise YamlError([Diagnostic(display, 1, 1, f"file is larger than {MAX_BYTES // 1000} kB; split it")])

    # First pass over the event stream: refuse aliases, anchors and unknown tags before
    # anything is composed, so an alias bomb costs nothing.
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent):
                fail(event.start_mark, f"aliases (*{anchor}) are not allowed; repeat the value instead")
            elif anchor:
                fail(event.start_mark, f"anchors (&{anchor}) are not allowed; repeat the value instead")
            tag = getattr(event, "tag", None)
            if tag not in _ALLOWED_TAGS:
                fail(event.start_mark, f"the tag {tag} is not allowed; write a plain value")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError([Diagnostic(display, *_pos(mark), f"invalid YAML: {exc.problem or exc.context}")]) from None
    if problems:
        raise YamlError(problems)

    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError([Diagnostic(display, *_pos(mark), f"invalid YAML: {exc.problem or exc.context}")]) from None
    if len(nodes) > 1:
        raise YamlError([Diagnostic(display, 1, 1, "one YAML document per file; remove the extra '---'")])
    node = nodes[0] if nodes else None

    def walk(node: yaml.Node, loc: Loc) -> Any:
        doc.positions[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:  # plain style: None (Python) or "" (libyaml)
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    fail(key_node.start_mark, "a key must be a plain word")
                    continue
                key = key_node.value
                if key == "<<":
                    fail(key_node.start_mark, "merge keys (<<) are not allowed; repeat the values")
                    continue
                if key in out:
                    first = doc.key_positions[loc + (key,)]
                    fail(key_node.start_mark, f"duplicate key {key!r} (first at line {first[0]}); keep one")
                    continue
                doc.key_positions[loc + (key,)] = _pos(key_node.start_mark)
                out[key] = walk(value_node, loc + (key,))
            return out
        fail(node.start_mark, "unsupported YAML node")
        return None

    doc.data = walk(node, ()) if node is not None else None
    if problems:
        raise YamlError(problems)
    return doc


def load_file(path: Path, display: str | None = None) -> Document:
    display = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise YamlError([Diagnostic(display, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError([Diagnostic(display, 1, exc.start + 1, "the file is not UTF-8; save it as UTF-8")]) from None
    return load_text(text, Path(path), display)
