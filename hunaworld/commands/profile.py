"""``scrapy profile draft URL --key KEY``: a site profile drafted from a discovery crawl of the section
at URL; ``scrapy profile check KEY [--capture DIR]``: a profile against the generic layers on saved
pages (:mod:`hunaworld.drafting`).

Exit status: 0 done (check: no difference); 1 the draft could not be made (the section could not be
read, or discovery found no article links); 2 a usage error; 3 check found differences.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

import hunaworld.sites
from hunaworld.commands.quiet import hush_chatty_loggers, quiet_start
from hunaworld.drafting.check import check_capture, side_by_side
from hunaworld.drafting.draft import DraftError, draft_profile
from hunaworld.drafting.sample import crawl_sample
from hunaworld.profile import ProfileError
from hunaworld.sites import get_profile, profile_of_host, profiles

DIFFERENT = 3
_KEY = re.compile(r"[a-z][a-z0-9_]*")


class Command(ScrapyCommand):
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "draft URL --key KEY [--pages N] [--articles N] [--out FILE] | check KEY [--capture DIR]"

    def short_desc(self) -> str:
        return "Draft a site profile from a section's URL, or check a profile against the generic layers"

    def long_desc(self) -> str:
        return ("draft: crawls the section at URL with no profile (its first --pages listing pages, at most --articles"
                " articles, its sitemaps and feeds) and writes hunaworld/sites/KEY.py: names, section, clock,"
                " listing rules, article-URL pattern and one layout, each rule checked on what was crawled. check:"
                " extracts every article page of a capture (default fixtures/KEY/capture) with the profile and with"
                f" the generic layers alone and prints each field where they differ; exit status {DIFFERENT} when"
                " some do.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--key", help="draft: the new site's key (a lower-case word: the module's name)")
        parser.add_argument("--section", help="draft: the section's key (default: the last word of the URL's path)")
        parser.add_argument("--pages", type=int, default=3, help="draft: listing pages to read (default 3)")
        parser.add_argument("--articles", type=int, default=12, help="draft: articles to read at most (default 12)")
        parser.add_argument("--out", help="draft: the file to write (default hunaworld/sites/KEY.py)")
        parser.add_argument("--capture", help="check: the capture folder (default fixtures/KEY/capture)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Checked before Scrapy starts its log, so a usage error is all that shows.
        super().process_options(args, opts)
        self.quiet = quiet_start(self.settings)
        if not args or args[0] not in ("draft", "check"):
            raise UsageError("give draft URL --key KEY, or check KEY")
        if args[0] == "check":
            self._check_options(args, opts)
        else:
            self._draft_options(args, opts)

    def _check_options(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give check KEY")
        try:
            self.profile = get_profile(args[1])
        except ProfileError as exc:
            raise UsageError(str(exc)) from None
        self.capture = Path(opts.capture or Path("fixtures") / args[1] / "capture")
        if not (self.capture / "manifest.json").is_file():
            raise UsageError(f"no capture at {self.capture} (a folder with manifest.json): give --capture DIR")

    def _draft_options(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2 or not args[1].startswith(("http://", "https://")):
            raise UsageError("give draft URL --key KEY, URL an http(s) URL")
        if not opts.key or not _KEY.fullmatch(opts.key):
            raise UsageError("give --key KEY, a lower-case word (the profile module's name)")
        if opts.pages < 1 or opts.articles < 1:
            raise UsageError("--pages and --articles take a whole number of 1 or more")
        known = profile_of_host(args[1])
        if opts.key in profiles() or known is not None:
            site = opts.key if opts.key in profiles() else known.key  # type: ignore[union-attr]
            raise UsageError(f"site {site!r} has a profile already (hunaworld/sites/{site}.py)")
        self.out = Path(opts.out) if opts.out else Path(hunaworld.sites.__file__).parent / f"{opts.key}.py"
        if self.out.exists():
            raise UsageError(f"{self.out} exists: give --out FILE to write the draft elsewhere")
        # The sample crawl's articles go to a scratch database, not the crawl's.
        self.scratch = tempfile.TemporaryDirectory(prefix="hunaworld-draft-")
        self.settings.set("HUNAWORLD_SQLITE", str(Path(self.scratch.name) / "draft.sqlite3"), priority="cmdline")
        self.settings.set("FEEDS", {}, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args[0] == "check":
            self._check(args[1])
            return
        assert self.crawler_process
        if self.quiet:
            hush_chatty_loggers()
        try:
            sample = crawl_sample(self.crawler_process, args[1], opts.section, opts.pages, opts.articles)
            draft = draft_profile(sample, opts.key)
        except DraftError as exc:
            print(f"hunaworld: could not draft a profile: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        finally:
            self.scratch.cleanup()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.out.write_text(draft.source, encoding="utf-8")
        parts = draft.parts
        layout = parts["layout"]
        lines = [f"Wrote {self.out}, drafted from {parts['sampled']}.",
                 f"  listing rules: {'checked on every sampled listing page' if parts['listing'] else 'none (learnt)'}",
                 "  layout: " + (f"{layout['name']}, rules for {', '.join(layout['rules']) or 'no field'}"
                                 if layout else "none (the generic layers read every field)"),
                 f"  clock: {parts['timezone'] or 'none'}",
                 f"  sitemaps: {', '.join(parts['section']['sitemaps']) or 'none'};"
                 f" feeds: {', '.join(parts['section']['feeds']) or 'none'}",
                 *(f"  note: {note}" for note in draft.notes),
                 f"Next: scrapy profile check {opts.key}, then read every rule against the pages."]
        print("\n".join(lines))

    def _check(self, key: str) -> None:
        report = check_capture(self.profile, self.capture)
        by_page: dict[str, list[str]] = {}
        for difference in report.differences:
            by_page.setdefault(difference.url, []).append(side_by_side(difference))
        for url, lines in by_page.items():
            print(url)
            print("\n".join(lines))
        verdict = (f"{len(report.differences)} difference(s) on {len(by_page)} article(s)" if by_page
                   else "no difference")
        print(f"Checked {key} on {report.articles} article(s) of {report.pages} page(s) in {self.capture}: {verdict}")
        if by_page:
            self.exitcode = DIFFERENT
