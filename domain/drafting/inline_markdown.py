"""Inline Markdown made plain, for text quoted into a reply a customer reads as plain text.

Rules (one line or sentence at a time; block structure is handled by the caller):
- an image `![alt](url)` becomes its alt text; a link `[text](url)` becomes
  `text (url)`, or just the URL when the text is the URL; `<https://…>` its URL;
- emphasis (`**x**`, `__x__`, `*x*`, `_x_`) and code spans (`` `x` ``) keep only
  their text; struck-through text (`~~x~~`) is deleted text and goes;
- a leading block-quote marker (`> `), a trailing hard-break backslash and the
  white space around the line go;
- `_` inside a word (`snake_case`) and a lone `*` between spaces (`2 * 3`) are
  not emphasis and stay; text inside code spans is never unwrapped further;
- a backslash escape (`\\*`) keeps the escaped character.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*\\])([*_])(?=[^\s*_])(?P<text>.+?)(?<=[^\s\\])\1(?![\w*])")
_STRIKE = re.compile(r" ?~~(?=\S)(?P<text>.+?)(?<=\S)~~")
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_QUOTE_MARKER = re.compile(r"^\s{0,3}(?:>\s?)+")
_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!>~|])")
_PLACEHOLDER = "\x00{}\x00"
_RESTORE = re.compile("\x00(\\d+)\x00")


def _without_emphasis(text: str) -> str:
    text = _SPACES.sub(" ", _STRIKE.sub("", text))
    for pattern in (_STRONG, _EMPHASIS):
        previous = None
        while previous != text:  # nested: ***x*** and **_x_**
            previous, text = text, pattern.sub(lambda m: m["text"], text)
    return text


def _link(match: re.Match[str]) -> str:
    text, url = _without_emphasis(match["text"].strip()), match["url"]
    return url if text == url else f"{text} ({url})"


def plain_text(line: str) -> str:
    """`line` without inline Markdown syntax (see the module rules)."""
    kept: list[str] = []

    def hold(text: str) -> str:
        kept.append(text)
        return _PLACEHOLDER.format(len(kept) - 1)

    text = _QUOTE_MARKER.sub("", line)
    text = _CODE.sub(lambda m: hold(m["code"].strip()), text)
    text = _ESCAPE.sub(lambda m: hold(m["char"]), text)
    text = _IMAGE.sub(lambda m: m["alt"], text)
    text = _LINK.sub(lambda m: hold(_link(m)), text)
    text = _AUTOLINK.sub(lambda m: hold(m["url"]), text)
    text = _without_emphasis(text).strip()
    if text.endswith("\\"):
        text = text[:-1].rstrip()
    return _RESTORE.sub(lambda m: kept[int(m.group(1))], text)


_BLOCK_MARKER = re.compile(r"^\s{0,3}(?:#{1,6}\s+|(?:[-*+]|\d{1,3}[.)])\s+)")
_RULE = re.compile(r"^\s*(?:[-*_=|:+]\s*){3,}$")
SNIPPET_CHARS = 240


def plain_snippet(markdown: str, length: int = SNIPPET_CHARS) -> str:
    """The opening of a passage as one line of plain text, for showing beside a result:
    heading and list markers, rules and inline syntax gone, cut at a word past `length`
    characters with "…"."""
    lines = (_BLOCK_MARKER.sub("", line) for line in markdown.splitlines() if not _RULE.match(line))
    flat = " ".join(" ".join(plain_text(line) for line in lines).split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] if " " in flat[:length] else flat[:length]
    return cut + "…"
