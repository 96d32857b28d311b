"""Link the first use of each glossary term in a module's Markdown to its entry, with its definition.

The site has no Python hooks, so the links are written into the generated Markdown. Only prose is
touched: code, links, raw HTML, headings and admonition title lines are left exactly as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import dialect
from ..content.models import GlossaryTerm
from .templating import md_escape

# Inline constructs a term must never be linked inside. Order matters: the first alternative that
# matches at a position wins, so code spans are protected before the brackets they may contain.
_PROTECTED = re.compile(
    r"""
      (?P<code>(?P<ticks>`+).+?(?P=ticks))          # code span
    | \\.                                              # backslash escape
    | !?\[(?:[^\[\]]|\[[^\[\]]*\])*\]                  # link or image text ...
      (?:\([^)\s]*(?:\s+"[^"]*")?\)|\[[^\]]*\])?       # ... and its target, if any
    | <[^>\n]*>                                        # raw HTML tag or autolink
    | https?://\S+                                     # bare address
    | &[#\w]+;                                         # entity
    """,
    re.VERBOSE,
)

# Lines whose content is structure, not prose: headings, admonition/details headers, reference,
# abbreviation and footnote definitions, table delimiter rows and HTML blocks.
_SKIP_LINE = re.compile(
    r"""^\s*(?:\#|!!!|\?\?\?|\[[^\]]*\]:|\*\[|\|?\s*:?-{3,}|<)""",
    re.VERBOSE,
)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def _term_pattern(spelling: str) -> str:
    """A spelling as a regex: any run of spaces matches any space, both apostrophes match."""
    parts = []
    for char in spelling.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def plain_definition(markdown_text: str) -> str:
    """The definition as one line of plain text (its Markdown rendered, then the tags dropped)."""
    rendered = dialect.to_html(markdown_text)
    text = re.sub(r"<[^>]+>", "", rendered)
    return " ".join(html.unescape(text).split())


@dataclass
class TermLinker:
    """Links terms in the blocks of one page; tooltip ids stay unique within that page.

    `href(term_id)` gives the address of a term's entry relative to the page.
    """

    terms: list[GlossaryTerm]
    lang: str
    href: Callable[[str], str]
    count: int = 0
    _patterns: list[tuple[GlossaryTerm, re.Pattern[str]]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            spellings = [term.term[self.lang]] + [s[self.lang] for s in term.synonyms if s.get(self.lang)]
            # Longest first, so "fil d'actualité" wins over "fil"; a plural "s" or "x" is accepted.
            alternatives = sorted({_term_pattern(s) for s in spellings if s.strip()}, key=len, reverse=True)
            if not alternatives:
                continue
            pattern = re.compile(
                r"(?<![\w@#/-])(?:" + "|".join(alternatives) + r")(?:s|x)?(?![\w-])", re.IGNORECASE
            )
            self._patterns.append((term, pattern))

    def snippet(self, term: GlossaryTerm, shown: str) -> str:
        """The inline HTML of a linked term: a link described by a tooltip holding the definition.

        Only ids and addresses made from validated ids go into attributes; the definition is
        element content, escaped for Markdown, and kept out of the search index.
        """
        self.count += 1
        tip = f"rm-tip-{self.count}"
        definition = md_escape(plain_definition(term.definition[self.lang]))
        return (
            f'<span class="rm-term"><a class="rm-term-link" href="{self.href(term.id)}" '
            f'aria-describedby="{tip}">{shown}</a>'
            f'<span class="rm-term-tip" role="tooltip" id="{tip}" data-search-exclude>{definition}</span></span>'
        )

    def link(self, markdown_text: str) -> str:
        """Link the first occurrence of each term in one block (a section, a scenario, an activity)."""
        if not self._patterns or not markdown_text:
            return markdown_text
        pending = list(self._patterns)
        out: list[str] = []
        fence: str | None = None
        for line in markdown_text.splitlines(keepends=True):
            opening = _FENCE.match(line)
            if fence is not None:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = None
                out.append(line)
                continue
            if opening:
                fence = opening.group(1)
                out.append(line)
                continue
            if not pending or _SKIP_LINE.match(line) or line.startswith(("    ", "\t")) and _indented_code(out):
                out.append(line)
                continue
            out.append(self._link_line(line, pending))
        return "".join(out)

    def _link_line(self, line: str, pending: list) -> str:
        pieces: list[str] = []
        pos = 0
        for match in _PROTECTED.finditer(line):
            pieces.append(self._link_prose(line[pos : match.start()], pending))
            pieces.append(match.group(0))
            pos = match.end()
        pieces.append(self._link_prose(line[pos:], pending))
        return "".join(pieces)

    def _link_prose(self, text: str, pending: list) -> str:
        while text and pending:
            best = None
            for entry in pending:
                found = entry[1].search(text)
                if found and (best is None or found.start() < best[1].start()):
                    best = (entry, found)
            if best is None:
                break
            entry, found = best
            pending.remove(entry)
            head, shown, tail = text[: found.start()], found.group(0), text[found.end() :]
            return head + self.snippet(entry[0], shown) + self._link_prose(tail, pending)
        return text


def _indented_code(previous: list[str]) -> bool:
    """An indented line is code only after a blank line outside a list or admonition.

    Indentation inside lists and admonitions is content, and worth linking; a real indented code
    block is rare in this curriculum, so the check stays simple: it is code when the previous
    non-blank line was itself unindented prose separated by a blank line and not a list item.
    """
    if not previous or previous[-1].strip():
        return False
    for line in reversed(previous):
        if line.strip():
            stripped = line.lstrip()
            indented = line[: len(line) - len(stripped)]
            if indented:
                return False
            return not re.match(r"([-*+]|\d+[.)])\s|!!!|\?\?\?", stripped)
    return False


def module_terms(all_terms: Iterable[GlossaryTerm], ids: Iterable[str]) -> list[GlossaryTerm]:
    """The glossary terms a module lists, in the module's order."""
    by_id = {t.id: t for t in all_terms}
    return [by_id[i] for i in ids if i in by_id]
