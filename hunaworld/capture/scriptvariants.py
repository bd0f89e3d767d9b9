"""Variants of a captured section whose listing a script fills from a JSON API, for tests and
benchmarks: the same articles reached the three ways a crawl can reach them.

- :func:`script_outside`: the listing's inline scripts moved to a file of their own, so the API is
  named in no page the crawl reads and is seen only by rendering the listing;
- :func:`html_fragments`: the listing's script loads the same cards as HTML fragments instead
  (``/fragments?n=N``, the last one marked), so there is no JSON API at all and the listing is read
  rendered, its load-more control pressed.

Pages not changed are referenced from the capture, not copied.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.extraction.jsonlisting import at_path, read_api_page, sponsored_item
from hunaworld.profile import ListingApi

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
FRAGMENTS_JS = """(function () {
  var list = document.querySelector(%(container)s);
  var button = document.querySelector(%(button)s);
  var n = 0;
  function more() {
    n += 1;
    fetch("/fragments?n=" + n).then(function (r) { return r.text(); }).then(function (html) {
      list.insertAdjacentHTML("beforeend", html);
      if (html.indexOf("data-last") >= 0) { button.remove(); } else { button.hidden = false; }
    });
  }
  button.addEventListener("click", more);
  more();
})();
"""


def _copy(capture: Path, folder: Path, replaced: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """The capture's manifest for ``folder``: pages at the paths of ``replaced`` written anew
    (body, content type), the others referenced."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for n, entry in enumerate(load_manifest(capture)):
        record = dict(entry)
        key = route_key(entry["url"])
        if key in replaced:
            body, kind = replaced.pop(key)
            record["file"] = f"page{n}"
            record["headers"] = {**entry.get("headers", {}), "Content-Type": kind}
            (folder / record["file"]).write_text(body, encoding="utf-8")
        elif entry.get("file"):
            record["file"] = str((capture / entry["file"]).resolve())
        manifest.append(record)
    host = manifest[0]["url"].split("/", 3)[:3]
    for n, (key, (body, kind)) in enumerate(replaced.items()):
        (folder / f"added{n}").write_text(body, encoding="utf-8")
        manifest.append({"url": "/".join(host) + key, "file": f"added{n}", "status": 200,
                         "headers": {"Content-Type": kind}})
    return manifest


def _save(folder: Path, manifest: list[dict[str, Any]]) -> Path:
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def _card(item: dict[str, Any], api: ListingApi) -> str:
    marked = " sponsored" if sponsored_item(item) else ""
    link, title = escape(at_path(item, api.link)), escape(at_path(item, api.title))
    return f'<li class="card{marked}"><a href="{link}">{title}</a></li>'


def _page(capture: Path, path: str) -> str:
    entry = next(e for e in load_manifest(capture) if route_key(e["url"]) == path)
    return (capture / entry["file"]).read_text(encoding="utf-8")


def script_outside(capture: Path, folder: Path, listing: str) -> Path:
    """The capture in ``folder``, the listing page's inline scripts in ``/static/listing.js``."""
    html = _page(capture, listing)
    code = "\n".join(_INLINE_SCRIPT.findall(html))
    html = _INLINE_SCRIPT.sub("", html).replace("</body>", '<script src="/static/listing.js"></script>\n</body>')
    return _save(folder, _copy(capture, folder, {listing: (html, "text/html; charset=utf-8"),
                                                 "/static/listing.js": (code, "application/javascript")}))


def html_fragments(capture: Path, folder: Path, listing: str, api: ListingApi, container: str, button: str) -> Path:
    """The capture in ``folder``, the listing's scripts replaced by one that loads the cards of the
    API's pages (read with ``api``, from its first page on) as HTML fragments into ``container``,
    a sponsored item as a card marked so; ``button`` loads the next."""
    pages = {route_key(e["url"]): e for e in load_manifest(capture)}
    url = "http://site" + route_key(api.url)
    fragments = []
    while url and route_key(url) in pages:
        data = json.loads((capture / pages[route_key(url)]["file"]).read_text(encoding="utf-8"))
        items = [item for item in at_path(data, api.items) if isinstance(item, dict)]
        fragments.append("".join(_card(item, api) for item in items))
        url = read_api_page(data, url, api.items, api.link, nxt=api.next, param=api.param).next_url
    script = FRAGMENTS_JS % {"container": json.dumps(container), "button": json.dumps(button)}
    html = _INLINE_SCRIPT.sub("", _page(capture, listing))
    html = re.sub(r'<script src="[^"]*"[^>]*></script>', "", html)
    html = html.replace("</body>", '<script src="/static/fragments.js"></script>\n</body>')
    replaced = {listing: (html, "text/html; charset=utf-8"), "/static/fragments.js": (script, "application/javascript")}
    for n, cards in enumerate(fragments, 1):
        last = "<!-- data-last -->" if n == len(fragments) else ""
        replaced[f"/fragments?n={n}"] = (cards + last, "text/html; charset=utf-8")
    return _save(folder, _copy(capture, folder, replaced))
