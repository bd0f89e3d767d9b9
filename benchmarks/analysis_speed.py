"""The analysts' side at archive scale: search, report, export on a generated archive, and what the index costs a crawl.

Generates an archive of N articles (default 100,000: two sites over a year, ~230 words each from a
Zipf-distributed vocabulary of real words and a long tail, with clitics and some diacritics, 2%
edited) through the project's schema and index, then measures:

* search: 100 mixed queries (frequent, rare and misspelt words, words with clitics, phrases, OR,
  prefixes, filters by site, days and tag), each run in-process through ``search()`` as the command
  runs it, after one warm-up pass; p50, p95 (target < 50 ms) and the slowest;
* search with ``--country`` (20 words, each with the country most named with it): p50 and p95;
* ``hunaworld report``, ``hunaworld export --format csv`` and ``--format parquet`` as commands
  (interpreter start-up included): targets < 5 s, < 10 s and < 5 s;
* the crawl with and without the index: ``crawl_throughput.py``'s generated site and in-memory server,
  crawled by the full spider, once as it is and once with a store that writes no index entries
  (``noindex_store.py``), in alternated pairs; the median over pairs of the throughput the index
  costs (target <= 10%) and of the CPU it adds, with every pair's figure.

    python benchmarks/analysis_speed.py [--articles 100000] [--crawl-articles 2000] [--rounds 4]
                                        [--skip-crawl | --crawl-only] [--archive FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from crawl_throughput import TEMPLATE, FastServer, crawl, summary

from hunaworld.analysis.archive import open_archive
from hunaworld.analysis.filters import ArticleFilter
from hunaworld.analysis.query import parse_query
from hunaworld.analysis.search import search
from hunaworld.analysis.words import ArchiveWords
from hunaworld.capture.synthetic import synthetic_section
from hunaworld.settings import EXTENSIONS
from hunaworld.storage import search_index
from hunaworld.storage.store import ARTICLE_COLUMNS, UPSERT, ArticleStore
from hunaworld.text.searchform import search_form

ROOT = Path(__file__).resolve().parents[1]

_COMMON = ("في من إلى على عن مع بعد قبل خلال حول بين أن إن التي الذي هذا هذه ذلك كما وقد حيث أيضاً قال أعلن أكد"
           " أضاف أشار أوضح ذكر اليوم أمس الأسبوع الماضي المقبل العام الشهر")
_TOPICAL = ("الرئيس وزير الخارجية الحكومة البرلمان الانتخابات الحرب السلام المفاوضات الاتفاق العقوبات الاقتصاد"
            " النفط الغاز الأسعار التضخم البنك المركزي الأمم المتحدة مجلس الأمن الولايات الصين روسيا أوكرانيا"
            " ألمانيا فرنسا بريطانيا إيران إسرائيل غزة لبنان سوريا العراق مصر السعودية تركيا الهند اليابان كوريا"
            " الشمالية واشنطن موسكو بكين باريس لندن برلين طهران كييف القاهرة مستشفى قصف الجيش القوات الهجوم"
            " الضحايا المدنيين اللاجئين المساعدات الإنسانية الزلزال الفيضانات الجفاف المناخ الطاقة الشمسية"
            " وصل زار التقى عقد بحث ناقش دعا طالب حذر رفض وافق الأمريكي الأوروبي الدولي")
COMMON, TOPICAL = _COMMON.split(), _TOPICAL.split()
# Names of several words, written as units, as news writes them.
EXPRESSIONS = ["الأمم المتحدة", "مجلس الأمن", "الولايات المتحدة", "كوريا الشمالية", "البنك المركزي", "وزير الخارجية",
               "الطاقة الشمسية", "الاتحاد الأوروبي", "الشرق الأوسط", "حقوق الإنسان", "رئيس الوزراء", "صندوق النقد"]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CLITICS = ("و", "ب", "ل", "وال", "بال", "لل", "ف")
DIACRITICS = ("\u064e", "\u0651", "\u064f", "\u0650")
START = datetime(2025, 1, 1, tzinfo=UTC)


def vocabulary(rng: random.Random) -> list[str]:
    tail = {"".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7))) for _ in range(30_000)}
    return [*COMMON, *TOPICAL[:20], *EXPRESSIONS, *TOPICAL[20:], *sorted(tail)]


class Writer:
    """Words drawn by Zipf's law (the n-th word of the vocabulary 1/n as likely as the first)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary(rng)
        self.weights = list(itertools.accumulate(1 / (n + 1) for n in range(len(self.words))))

    def text(self, count: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.weights, k=count)
        for n, word in enumerate(words):
            chance = self.rng.random()
            if chance < 0.12:
                words[n] = self.rng.choice(CLITICS) + word
            elif chance < 0.14:
                words[n] = word[:2] + self.rng.choice(DIACRITICS) + word[2:]
        return " ".join(words)

    def body(self) -> str:
        return "\n\n".join(self.text(self.rng.randint(25, 45)) + "." for _ in range(self.rng.randint(4, 7)))


def generate_archive(path: Path, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    writer = Writer(rng)
    tags = [*TOPICAL, *EXPRESSIONS, *writer.words[len(COMMON) + len(TOPICAL) + len(EXPRESSIONS):][:300]]
    store = ArticleStore(path)
    rows, revisions = [], []

    def store_rows() -> None:
        store.begin()
        # The upsert without its RETURNING: rows in bulk (a million at once would not fit in memory),
        # then the index and the countries by the reindex.
        store.db.executemany(UPSERT.removesuffix(" RETURNING rowid"), rows)
        store.db.executemany("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?)", revisions)
        store.commit()
        rows.clear()
        revisions.clear()

    # Stored in publication order, as crawls store them.
    published_at = sorted(START + timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(articles))
    for n, published in enumerate(published_at):
        site, offset = ("huna", 3) if n % 3 else ("sada", 1)
        local = published.astimezone(timezone(timedelta(hours=offset)))
        seen = (published + timedelta(hours=rng.randint(0, 6))).isoformat(timespec="seconds")
        item = {"url": f"https://www.{site}.example/news/{n}/", "site": site,
                "site_section": "world" if site == "huna" else "international", "article_id": str(n),
                "headline": writer.text(rng.randint(6, 12)), "summary": writer.text(rng.randint(15, 25)),
                "body": writer.body(), "story_type": None, "date_published": local.isoformat(timespec="seconds"),
                "date_published_raw": None, "date_modified": None, "authors": "[]", "section": "العالم",
                "tags": json.dumps(rng.sample(tags, rng.randint(2, 4)), ensure_ascii=False), "countries": "[]",
                "image_url": f"https://www.{site}.example/{n}.jpg" if rng.random() < 0.9 else None,
                "image_caption": None, "views": rng.randint(0, 5000), "language": "ar", "source": site,
                "scraped_at": seen, "content_hash": f"h{n}"}
        revision = 2 if rng.random() < 0.02 else 1
        # The url is its own url_key here; every article's feed line is written (exported = 1).
        rows.append((item["url"], *(item[c] for c in ARTICLE_COLUMNS), revision, seen, seen, 1, None, None))
        if revision == 2:
            revisions.append((site, item["url"], 1, item["headline"], "نص سابق", f"old{n}", seen))
        if len(rows) == 50_000:
            store_rows()
    store_rows()
    started = time.perf_counter()
    store.reindex()
    print(f"  indexed {articles:,} articles in {time.perf_counter() - started:.1f} s"
          f" (what `hunaworld reindex` takes); file {path.stat().st_size / 2**20:.0f} MB")
    store.close()


def queries(rng: random.Random, db_path: Path) -> list[tuple[str, ArticleFilter]]:
    """100 searches as an analyst would type them: names, places and topics, not function words."""
    with closing(open_archive(db_path)) as db:
        (count,) = db.execute("SELECT max(rowid) FROM articles").fetchone()
        # Chosen by the seeded generator, so every run on an archive times the same 100 queries.
        bodies = [db.execute("SELECT body FROM articles WHERE rowid = ?", (rowid,)).fetchone()[0]
                  for rowid in rng.sample(range(1, count + 1), 60)]
    stop = {search_form(word) for word in COMMON}
    words = [w for body in bodies for w in body.split() if search_form(w.strip(".")) not in stop]
    tail = [w for w in words if w not in TOPICAL][:20]
    bigrams = []
    for body in bodies:
        pairs = [(a, b) for a, b in itertools.pairwise(body.replace(".", "").split())
                 if stop.isdisjoint((search_form(a), search_form(b)))]
        if pairs:
            bigrams.append('"{} {}"'.format(*rng.choice(pairs)))
    none = ArticleFilter()
    june = ArticleFilter(since=datetime(2025, 6, 1).date(), until=datetime(2025, 6, 30).date())
    mixed: list[tuple[str, ArticleFilter]] = []
    mixed += [(w, none) for w in rng.sample(TOPICAL, 20)]                                 # topics, names
    mixed += [(w, none) for w in tail[:10]]                                               # rare words
    mixed += [(w, none) for w in ("امريكي", "المانيا", "والصين", "بغزة", "للرئيس", "الصّين", "مستشفي", "ايران",
                                  "اسرائيل", "الـحرب")]                                 # variants, clitics
    mixed += [(f'"{e}"', none) for e in rng.sample(EXPRESSIONS, 8)] + [(b, none) for b in bigrams[:7]]  # phrases
    mixed += [(f"{a} OR {b}", none) for a, b in zip(rng.sample(TOPICAL, 10), rng.sample(TOPICAL, 10), strict=True)]
    mixed += [(search_form(w)[:4] + "*", none) for w in rng.sample(TOPICAL, 10)]         # prefixes
    mixed += [(w, ArticleFilter(site="sada")) for w in rng.sample(TOPICAL, 8)]            # filters
    mixed += [(w, june) for w in rng.sample(TOPICAL, 8)]
    mixed += [(w, ArticleFilter(tag=t)) for w, t in zip(rng.sample(TOPICAL, 4), rng.sample(TOPICAL, 4), strict=True)]
    mixed += [("الحرب NOT السلام", none), ("NEAR(الرئيس الحكومة, 5)", none), ("headline: الصين", none),
              ("(روسيا OR أوكرانيا) AND الحرب", none), ('"مجلس الأمن" الحرب', june)]
    return mixed[:100]


def _percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(share * len(values)) - 1]


def time_search(db_path: Path, mixed: list[tuple[str, ArticleFilter]], repeats: int = 3) -> None:
    """Wall and CPU time of each query, the least of ``repeats`` runs after a first pass: other
    processes on the machine only ever add time, to the wall clock above all."""
    with closing(open_archive(db_path)) as db:
        first = []
        for text, where in mixed:
            started = time.perf_counter()
            search(db, parse_query(text, ArchiveWords(db).forms), where, 20)
            first.append((time.perf_counter() - started) * 1000)
        wall, cpu = [], []
        for text, where in mixed:
            runs = []
            for _ in range(repeats):
                started, cpu_started = time.perf_counter(), time.process_time()
                # As the command runs it: the query with its word counts, the search, the snippets.
                search(db, parse_query(text, ArchiveWords(db).forms), where, 20)
                runs.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000))
            wall.append((min(w for w, _ in runs), text))
            cpu.append(min(c for _, c in runs))
    ms = [w for w, _ in wall]
    slowest = max(wall)
    print(f"search, {len(mixed)} mixed queries: wall p50 {statistics.median(ms):.1f} ms,"
          f" p95 {_percentile(ms, 0.95):.1f} ms (target < 50 ms at 100,000 articles, < 100 ms at 1,000,000),"
          f" slowest {slowest[0]:.1f} ms ({slowest[1]!r});"
          f" CPU p50 {statistics.median(cpu):.1f} ms, p95 {_percentile(cpu, 0.95):.1f} ms;"
          f" first (cold) runs: wall p95 {_percentile(first, 0.95):.1f} ms")
    with closing(open_archive(db_path)) as db:
        for text in ("في", '"في من"'):
            took = []
            for _ in range(repeats):
                started = time.perf_counter()
                search(db, parse_query(text, ArchiveWords(db).forms), ArticleFilter(), 20)
                took.append((time.perf_counter() - started) * 1000)
            print(f"  a function word in every article, {text!r}: {min(took):.0f} ms")


def time_country_search(db_path: Path, repeats: int = 3) -> None:
    """Searches selecting a country: each of 20 topical words with each of the two countries most named."""
    with closing(open_archive(db_path)) as db:
        top = [code for (code,) in db.execute("SELECT country FROM article_countries GROUP BY country"
                                              " ORDER BY COUNT(*) DESC LIMIT 2")]
        mixed = [(word, ArticleFilter(country=code)) for word in TOPICAL[:20] for code in top]
        wall = []
        for text, where in mixed:
            runs = []
            for _ in range(repeats):
                started = time.perf_counter()
                search(db, parse_query(text, ArchiveWords(db).forms), where, 20)
                runs.append((time.perf_counter() - started) * 1000)
            wall.append(min(runs))
        named = db.execute("SELECT COUNT(DISTINCT site || url_key) FROM article_countries").fetchone()[0]
    print(f"search with --country ({', '.join(top)}), {len(mixed)} queries: wall p50 {statistics.median(wall):.1f} ms,"
          f" p95 {_percentile(wall, 0.95):.1f} ms; {named:,} articles name a country")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(*args: str) -> str:
    """Wall and CPU seconds and peak memory (VmHWM) of a ``hunaworld`` command, interpreter start-up included."""
    started, cpu_started = time.perf_counter(), _children_cpu()
    # The child reports its own high-water mark as it exits.
    code = ("import atexit, re, sys, runpy; atexit.register(lambda: print(re.search(r'VmHWM:\\s*(\\d+)',"
            " open('/proc/self/status').read()).group(1), file=sys.stderr)); sys.argv[1:] = sys.argv[2:];"
            " runpy.run_module('hunaworld.analysis', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code, "hunaworld", *args], check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    peak = int(done.stderr.split()[-1]) / 1024
    return f"{time.perf_counter() - started:.2f} s ({_children_cpu() - cpu_started:.2f} s CPU), peak {peak:.0f} MB"


def crawl_cost(work: Path, articles: int, rounds: int) -> None:
    """The crawl with the index against the same crawl whose store writes no entries: alternated pairs
    on ``crawl_throughput.py``'s site and server, the median of the per-pair ratios."""
    site = work / "site"
    synthetic_section(site, articles, TEMPLATE.read_text(encoding="utf-8"))
    without = {**EXTENSIONS, "hunaworld.storage.service.StoreService": None,
               "noindex_store.StoreServiceWithoutIndex": EXTENSIONS["hunaworld.storage.service.StoreService"]}
    runs: dict[str, list[dict[str, Any]]] = {"indexed": [], "plain": []}
    with FastServer(site) as server:
        base = [sys.executable, "-m", "scrapy", "crawl", "hunaworld", "-a", f"start_url={server.base_url}/world",
                "-a", "site=huna", "-a", "full=1", "-O", str(work / "articles.jsonl")]
        for n in range(rounds):
            for kind in ("indexed", "plain") if n % 2 == 0 else ("plain", "indexed"):
                extra = [] if kind == "indexed" else ["-s", f"EXTENSIONS={json.dumps(without)}"]
                runs[kind].append(crawl([*base, "-s", f"HUNAWORLD_SQLITE={work / f'{kind}{n}.sqlite3'}", *extra],
                                        work, f"{kind}{n}", server))
    pairs = list(zip(runs["indexed"], runs["plain"], strict=True))
    if any(a["hits"] != b["hits"] or a["items"] != b["items"] for a, b in pairs):
        sys.exit("the crawls with and without the index did not fetch and store the same pages")
    # Same pages in both: the throughput ratio is the inverse of the time ratio.
    cost = [1 - b["seconds"] / a["seconds"] for a, b in pairs]
    cpu = [a["cpu"] / b["cpu"] - 1 for a, b in pairs]
    seconds = {kind: summary([run["seconds"] for run in done], "{:.2f}") for kind, done in runs.items()}
    print(f"crawl of {articles} articles ({pairs[0][0]['items']} stored), {rounds} alternated pairs:"
          f" with the index {seconds['indexed']} s, without {seconds['plain']} s")
    print(f"  throughput the index costs (target <= 10%): {summary(cost, '{:.1%}')}")
    print(f"  CPU it costs, crawl + workers: {summary(cpu, '{:+.1%}')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--crawl-articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4, help="pairs of crawls, with and without the index")
    parser.add_argument("--skip-crawl", action="store_true", help="measure only the analysis commands")
    parser.add_argument("--crawl-only", action="store_true", help="measure only what the index costs a crawl")
    parser.add_argument("--archive", type=Path, help="keep the generated archive in this file, or reuse it")
    args = parser.parse_args()
    # The commands and crawls run in subprocesses: this checkout's code, and noindex_store.py importable.
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.crawl_only:
            archive(work, args.archive or work / "archive.sqlite3", args.articles)
        if not args.skip_crawl:
            crawl_cost(work, args.crawl_articles, args.rounds)


def archive(work: Path, db: Path, articles: int) -> None:
    """Search, report and export on the archive (generated unless ``db`` exists), and the index's share of it."""
    if not db.exists():
        started = time.perf_counter()
        print(f"generating {articles:,} articles")
        generate_archive(db, articles)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    else:
        # An archive kept from an earlier version of the schema is upgraded as a crawl would.
        ArticleStore(db).close()
    print(f"load average before the timings: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    time_search(db, queries(random.Random(11), db))
    time_country_search(db)
    print(f"report: {time_command('report', '--db', str(db), '--out', str(work / 'report'))} (target < 5 s)")
    seconds = time_command("export", "--db", str(db), "--format", "csv", "-o", str(work / "all.csv"))
    print(f"CSV export of {articles:,} articles: {seconds} (target < 10 s at 100,000 articles, < 30 s at"
          f" 1,000,000); {(work / 'all.csv').stat().st_size / 2**20:.0f} MB")
    seconds = time_command("export", "--db", str(db), "--format", "parquet", "-o", str(work / "all.parquet"))
    print(f"Parquet export of {articles:,} articles: {seconds} (target < 5 s at 100,000 articles);"
          f" {(work / 'all.parquet').stat().st_size / 2**20:.0f} MB")
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    with closing(open_archive(db)) as con:
        pages = dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()) \
            if _has_dbstat(con) else {}
    if pages:
        index = sum(v for k, v in pages.items() if k.startswith(search_index.TABLE))
        print(f"the index takes {index / 2**20:.0f} MB of {sum(pages.values()) / 2**20:.0f} MB")


def _has_dbstat(con: object) -> bool:
    try:
        con.execute("SELECT 1 FROM dbstat LIMIT 1")
    except Exception:
        return False
    return True


if __name__ == "__main__":
    main()
