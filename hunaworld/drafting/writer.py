"""A drafted profile written as the Python module a person would write: the module that
``hunaworld/sites/`` loads, with the draft's notes as comments, in the project's style (double
quotes, lines of at most 120 characters).

Every part is data rendered argument by argument (:func:`call`): the listing rules are a dict of
found facts (``cards``, ``link``, ``next_page``... and whatever else a listing declares), written as
``ListingRules(key=value, ...)``, so a new kind of fact needs no change here.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from hunaworld.drafting.layoutrules import Rule

_INDENT = "    "
_WIDTH = 120


def literal(value: Any) -> str:
    """``value`` as Python source: strings in double quotes, a regular expression as a raw string."""
    if isinstance(value, re.Pattern):
        pattern = value.pattern
        raw = '"' not in pattern and not pattern.endswith("\\")
        return f're.compile(r"{pattern}")' if raw else f"re.compile({literal(pattern)})"
    if isinstance(value, str):
        return f'"{value}"' if value.isprintable() and '"' not in value and "\\" not in value else repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def call(name: str, arguments: dict[str, Any], indent: int, positional: tuple[Any, ...] = ()) -> str:
    """``name(positional..., key=value, ...)`` on one line when it fits, else one argument a line."""
    parts = [literal(v) for v in positional] + [f"{key}={literal(value)}" for key, value in arguments.items()]
    flat = f"{name}({', '.join(parts)})"
    if len(_INDENT * indent) + len(flat) + 2 <= _WIDTH:
        return flat
    pad = _INDENT * (indent + 1)
    return f"{name}(\n" + "\n".join(f"{pad}{part}," for part in parts) + f"\n{_INDENT * indent})"


def comment(text: str, indent: int = 0) -> list[str]:
    pad = _INDENT * indent + "# "
    return textwrap.wrap(text, _WIDTH - len(pad), initial_indent=pad, subsequent_indent=pad + "  ")


def layout_source(layout: dict[str, Any]) -> list[str]:
    rules: dict[str, Rule] = layout["rules"]
    lines = [f"class {layout['name']}(SiteLayout):",
             f'{_INDENT}"""The article template of the {layout["articles"]} sampled articles."""', "",
             f"{_INDENT}layout = {literal(layout['layout'])}", f"{_INDENT}detect = {literal(layout['detect'])}", ""]
    lines += [f"{_INDENT}{field} = {call(rule.kind, _rule_arguments(rule), 1, _rule_positional(rule))}"
              for field, rule in rules.items()]
    if layout["left"]:
        lines += comment(f"Read by the generic layers: {', '.join(layout['left'])}", 1)
    return lines


def _rule_positional(rule: Rule) -> tuple[str, ...]:
    return (rule.css, rule.extra) if rule.kind == "Attr" else (rule.css,)


def _rule_arguments(rule: Rule) -> dict[str, str]:
    return {"skip": rule.extra} if rule.kind == "Paragraphs" and rule.extra else {}


def module_source(draft: dict[str, Any]) -> str:
    """The profile module of ``draft``: its ``key``, ``names``, ``section`` (a dict of ``Section``'s
    arguments), ``timezone`` and its note, ``listing`` (facts or None), ``layout`` (or None),
    ``article_url``, ``article_id``, ``notes`` and ``sampled`` (what it was drafted from)."""
    section, layout, listing = draft["section"], draft["layout"], draft["listing"]
    summary = (f"{draft['names'][0]} ({draft['key']}): the {section['title']} section, drafted by `scrapy profile"
               f" draft` from {draft['sampled']}.")
    out = ['"""' + "\n".join(textwrap.wrap(summary, 100)), "",
           f"A draft for a person to check: `scrapy profile check {draft['key']}` compares it with the generic",
           "layers on the saved pages; compare each rule with the pages, then keep, fix or delete it.", '"""', "",
           "import re", ""]
    if layout:
        kinds = sorted({rule.kind for rule in layout["rules"].values()})
        out.append("from hunaworld.extraction.layout import SiteLayout")
        if kinds:
            out.append(f"from hunaworld.extraction.rules import {', '.join(kinds)}")
    names = ["ListingRules"] if listing else []
    out += [f"from hunaworld.profile import {', '.join([*names, 'Section', 'SiteProfile'])}", "", ""]
    if layout:
        out += [*layout_source(layout), "", ""]
    for note in draft["notes"]:
        out += comment(note)
    extra = {key: tuple(section[key]) for key in ("sitemaps", "feeds") if section[key]}
    declared = call("Section", extra, 1, (section["key"], section["title"], section["start_urls"]))
    out += ["PROFILE = SiteProfile(", f"{_INDENT}key={literal(draft['key'])},",
            f"{_INDENT}names={literal(tuple(draft['names']))},", f"{_INDENT}sections=({declared},),"]
    if draft["timezone"]:
        out += comment(draft["timezone_note"], 1)
        out.append(f"{_INDENT}timezone={literal(draft['timezone'])},")
    if listing:
        out.append(f"{_INDENT}listing={call('ListingRules', listing, 1)},")
    if layout:
        out.append(f"{_INDENT}layouts=({layout['name']},),")
    out += [f"{_INDENT}{key}={literal(draft[key])}," for key in ("article_url", "article_id") if draft[key] is not None]
    out.append(")")
    return "\n".join(out) + "\n"
