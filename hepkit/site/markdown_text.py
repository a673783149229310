"""Markdown as hepkit shows it: converted safely (no raw HTML, only safe links, no remote
pictures) and cut into the open steps and the folded rest of an exercise card."""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

_SAFE_HREF = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)


def safe_href(href: str) -> bool:
    """Only http(s), mailto, tel and links within the site. Checked as the browser will read it:
    entities decoded (`javascript&#58;` is `javascript:`) and tabs, newlines and controls dropped."""
    seen = None
    while seen != href:  # &amp;#58; decodes twice
        seen, href = href, html.unescape(href)
    plain = re.sub(r"[\x00-\x20\x7f]", "", href)
    return bool(_SAFE_HREF.match(plain))


class _SafeLinks(Treeprocessor):
    """Links only to web pages, e-mail, phone or within the site (no `javascript:`); images only
    as `data:` URLs, since any other image would be fetched from the network. Others become text."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and not safe_href(element.get("href", "")):
                element.attrib.pop("href", None)
            elif element.tag == "img" and not element.get("src", "").startswith("data:"):
                alt = element.get("alt", "")
                element.tag, element.text = "span", f"[picture: {alt}]" if alt else ""
                element.attrib.clear()


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "hepkit_safe_links", 1)  # after inline parsing
    return md


_md = _converter()  # one converter, reset before each text: building one costs more than a short body


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off: a `<script>` in a body shows as text."""
    return _md.reset().convert(text)


@dataclass(frozen=True)
class Body:
    """An exercise's Markdown as the card shows it: the steps open, every other section folded."""

    intro: str
    steps_title: str
    steps: str
    more: tuple[tuple[str, str], ...]  # (section title, html)


STEP_TITLES = {"steps", "how to do it", "movement", "what to do"}
_H2 = re.compile(r"<h2>(.*?)</h2>\n?", re.S)


@functools.lru_cache(maxsize=4096)
def split_body(html: str) -> Body:
    """Cut at each `##` heading. The section called Steps (or Movement, or the first with a numbered
    list) is the card's open part; the rest goes under "More about this exercise"."""
    parts = _H2.split(html)
    intro, sections = parts[0].strip(), [(re.sub(r"<[^>]+>", "", parts[i]).strip(), parts[i + 1].strip())
                                         for i in range(1, len(parts), 2)]
    chosen = next((s for s in sections if s[0].lower() in STEP_TITLES), None)
    chosen = chosen or next((s for s in sections if "<ol" in s[1]), None)
    if chosen is None:
        return Body(intro, "", "", tuple(sections))
    return Body(intro, chosen[0], chosen[1], tuple(s for s in sections if s is not chosen))
