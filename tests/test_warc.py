"""The pages a crawl read, kept in WARC files beside the database: written by real crawls, read back
with warcio (its own ``check`` and ``index`` too), pointed at by every article row and revision, and
whole after a crawl killed with SIGKILL."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from hunaworld.capture.manifest import load_manifest, route_key
from hunaworld.capture.synthetic import FIRST_ID
from hunaworld.warc.files import Exchange, WarcFolder
from hunaworld.warc.records import RecordError, read_page, responses
from tests.conftest import SITE, CrawlJob, copy_capture, crawl_job, run_crawl, synthetic_site
from tests.faultkit import rows, wait_for
from tests.faultsite import FaultServer

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": False}


def pointed(db: Path, table: str = "articles") -> list[dict]:
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        return [dict(row) for row in con.execute(f"SELECT * FROM {table}")]


def warcio_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warcio.cli", *args], capture_output=True, text=True, timeout=120)


def captured_bodies() -> dict[str, bytes]:
    """The bundled capture's pages by path and query."""
    return {route_key(e["url"]): (SITE / e["file"]).read_bytes() for e in load_manifest(SITE) if e.get("file")}


def test_a_crawl_keeps_every_article_and_listing_page_with_its_request_and_rows_point_at_them(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path)
    assert crawl.returncode == 0, crawl.log[-3000:]
    folder = tmp_path / "hunaworld-warc"
    files = sorted(folder.glob("*.warc.gz"))
    assert len(files) == 1
    assert f"{folder} (WARC)" in crawl.log
    bodies = captured_bodies()
    articles = pointed(crawl.db)
    assert len(articles) == 13
    for row in articles:
        assert row["warc_file"] == f"hunaworld-warc/{files[0].name}"
        page = read_page(tmp_path / row["warc_file"], row["warc_offset"])
        assert route_key(page.url) == route_key(row["url"]) and page.status == 200
        assert page.body == bodies[route_key(page.url)]
        assert ("Content-Type", "text/html; charset=utf-8") in page.headers
    # Each page as a response and its request, concurrent; the listing pages too, robots.txt not.
    with files[0].open("rb") as file:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers.get_header(
            "WARC-Record-ID"), r.rec_headers.get_header("WARC-Concurrent-To")) for r in ArchiveIterator(file)]
    assert records[0][0] == "warcinfo"
    responses_ = {uri: rid for kind, uri, rid, _ in records if kind == "response"}
    requests = {uri: to for kind, uri, _, to in records if kind == "request"}
    assert responses_.keys() == requests.keys()
    assert all(requests[uri] == rid for uri, rid in responses_.items())
    listing_pages = [uri for uri in responses_ if "/news/" not in uri]
    assert len(responses_) == 13 + len(listing_pages) and listing_pages
    assert not any(uri.endswith("/robots.txt") for uri in responses_)
    # warcio's own tools read the file: every digest checks, every record is indexed.
    check = warcio_cli("check", "-v", str(files[0]))
    assert check.returncode == 0 and "digest pass" in check.stdout and "fail" not in check.stdout, check.stdout
    index = warcio_cli("index", "-f", "warc-type,warc-target-uri,offset", str(files[0]))
    assert index.returncode == 0
    indexed = [line for line in index.stdout.splitlines() if '"response"' in line]
    assert len(indexed) == len(responses_)
    for row in articles:
        assert f'"offset": "{row["warc_offset"]}"' in index.stdout


def test_warc_off_writes_none_and_a_folder_of_ones_own_takes_absolute_pointers(tmp_path: Path) -> None:
    off = run_crawl(tmp_path / "off", HUNAWORLD_WARC="off")
    assert off.returncode == 0, off.log[-3000:]
    assert not (tmp_path / "off" / "hunaworld-warc").exists()
    assert {(row["warc_file"], row["warc_offset"]) for row in pointed(off.db)} == {(None, None)}
    assert "(WARC)" not in off.log

    elsewhere = tmp_path / "archive" / "pages"
    moved = run_crawl(tmp_path / "moved", HUNAWORLD_WARC=elsewhere)
    assert moved.returncode == 0, moved.log[-3000:]
    for row in pointed(moved.db):
        assert Path(row["warc_file"]).is_absolute() and Path(row["warc_file"]).parent == elsewhere
        assert route_key(read_page(Path(row["warc_file"]), row["warc_offset"]).url) == route_key(row["url"])


def test_files_rotate_at_their_size_and_each_pointer_finds_its_page(tmp_path: Path) -> None:
    crawl = run_crawl(tmp_path, HUNAWORLD_WARC_MAX_SIZE=15_000)
    assert crawl.returncode == 0, crawl.log[-3000:]
    files = sorted((tmp_path / "hunaworld-warc").glob("*.warc.gz"))
    assert len(files) >= 3
    # A file is closed once it has reached the size: all but the last are over it, by one page at most.
    assert all(15_000 <= f.stat().st_size < 15_000 + 12_000 for f in files[:-1])
    articles = pointed(crawl.db)
    assert len({row["warc_file"] for row in articles}) >= 3
    for row in articles:
        assert route_key(read_page(tmp_path / row["warc_file"], row["warc_offset"]).url) == route_key(row["url"])
    assert warcio_cli("check", *map(str, files)).returncode == 0


def test_an_edited_article_keeps_its_earlier_page_in_its_revision(tmp_path: Path) -> None:
    first = run_crawl(tmp_path)
    assert first.returncode == 0
    before = {row["url"]: row for row in pointed(first.db)}
    path = next(key for key in captured_bodies() if key.startswith("/news/52817/"))
    edited = captured_bodies()[path].decode("utf-8").replace("عقد الرئيس الصيني", "عقد الرئيس الصيني (نص معدل)")
    second = run_crawl(tmp_path, "-a", "full=1", site=copy_capture(tmp_path / "edited", {path: edited}))
    assert second.returncode == 0, second.log[-3000:]
    after = {row["url"]: row for row in pointed(second.db)}
    (url,) = [url for url in after if after[url]["revision"] == 2]
    (revision,) = pointed(second.db, "revisions")
    assert revision["reason"] == "edit" and revision["revision"] == 1
    assert (revision["warc_file"], revision["warc_offset"]) == (before[url]["warc_file"], before[url]["warc_offset"])
    assert (after[url]["warc_file"], after[url]["warc_offset"]) != (revision["warc_file"], revision["warc_offset"])
    assert "نص معدل" in read_page(tmp_path / after[url]["warc_file"], after[url]["warc_offset"]).body.decode()
    assert "نص معدل" not in read_page(tmp_path / revision["warc_file"], revision["warc_offset"]).body.decode()
    # Unchanged articles keep the record their text was read from.
    assert all((after[u]["warc_file"], after[u]["warc_offset"]) == (before[u]["warc_file"], before[u]["warc_offset"])
               for u in after if u != url)


def test_a_crawl_killed_leaves_warc_files_read_to_their_last_whole_record_and_no_row_points_past_them(
        tmp_path: Path, serve: Callable[..., FaultServer],
        spawn: Callable[[CrawlJob], subprocess.Popen[bytes]]) -> None:
    site = serve(synthetic_site(tmp_path / "site", 2000))
    db = tmp_path / "hunaworld.sqlite3"

    def job(run: int) -> CrawlJob:
        return crawl_job(tmp_path, start_url=site.url("/world"), append=True, db=db,
                         LOG_FILE=tmp_path / f"run{run}.log", HUNAWORLD_WARC_MAX_SIZE=400_000, **FAST)

    for run in (1, 2):
        proc = spawn(job(run))
        threshold = len(rows(db)) + 300
        wait_for(lambda threshold=threshold: len(rows(db)) >= threshold, f"{threshold} rows", timeout=120, proc=proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        readable = {(f"hunaworld-warc/{path.name}", offset): url
                    for path in (tmp_path / "hunaworld-warc").glob("*.warc.gz") for offset, url, _ in responses(path)}
        stored = pointed(db)
        assert stored
        for row in stored:
            # Every row points at a record warcio reads, of the row's own page.
            assert f"/news/{row['article_id']}/" in readable.get((row["warc_file"], row["warc_offset"]), ""), row["url"]
    final = job(3).run(timeout=300)
    assert final.returncode == 0, final.log[-3000:]
    stored = pointed(db)
    assert sorted(int(row["article_id"]) for row in stored) == list(range(FIRST_ID, FIRST_ID + 2000))
    for row in stored:
        assert read_page(tmp_path / row["warc_file"], row["warc_offset"]).status == 200


def test_a_torn_last_record_is_left_out_and_every_whole_one_read(tmp_path: Path) -> None:
    folder = WarcFolder(tmp_path / "w", tmp_path)
    pointers = [folder.write(Exchange(f"https://news.example/a/{n}", 200, [("Content-Type", "text/html")],
                                      f"<html><body>page {n}</body></html>".encode())) for n in range(5)]
    folder.close()
    (path,) = folder.files
    data = path.read_bytes()
    path.write_bytes(data[: pointers[4].offset + 40])  # the kill came in the middle of the last page
    assert [url for _, url, _ in responses(path)] == [f"https://news.example/a/{n}" for n in range(4)]
    assert read_page(path, pointers[3].offset).body == b"<html><body>page 3</body></html>"
    try:
        read_page(path, pointers[4].offset)
    except RecordError as exc:
        assert str(path) in str(exc)
    else:
        raise AssertionError("a torn record was read")
