"""Database search, side by side: Wagtail's stock database backend against ours.

    .venv/bin/python bench/search_database.py --sizes 10000 100000 \\
        --postgres postgres://postgres@127.0.0.1:59059/quorum_h7_bench

For each engine (SQLite always; PostgreSQL when --postgres is given) and each size,
a child process builds a fresh database (migrate), generates the archive and
indexes it into both backends, then times a results page (count + first 20 by
relevance + a type facet) through `Page.objects.live().public().search(...)` for a
fixed mix of queries. The parent prints one table with p50/p95, index build time
and size, and the ratios stock/ours.

How the data is made (for speed): N pages are bulk-inserted straight into
wagtailcore_page (no treebeard, no revisions) under 12 committee parents, over 20
years, 3% not live and one committee behind a view restriction, so the public gate
really filters. Each page is then given to each backend's own `add_bulk()` as an
unsaved StandardPage (title; a ~400-word body in `introduction`, Zipf-distributed
vocabulary in which "police" is in nearly every document), so both indexes are
built by the backends' real indexing code from identical text. Beyond --indexed
items (default 10,000) the entries are copied in SQL, page i getting the text of
page i mod 10,000 (same word statistics; the database still tokenises and indexes
every copy). The build time is measured, never extrapolated: add_items() for the
first --indexed items plus the SQL copy of the rest plus the final optimise/ANALYZE
("api s" shows the add_items() part alone). On PostgreSQL the archive stays in the
--postgres database after the run: `--reuse` times the queries on it again with the code
as it is now (no build figures then).

The stock backend is slow enough that it runs a spread-out subset of the mix
(--stock-queries) with a time budget per results page (--budget); a page over
budget counts as the budget, so its figures are lower bounds (marked ">").

The row "public" times the public search page's own path on our backend (see
search/database_search.py) over the same mix: one statement for the count, the
facets by type, committee and year, and the first 20 of every kind of entry by
relevance (the year filter as a date range), plus the highlighted passages of those
20. Each bench page is given its committee (its section) and day (first published)
as facts, so the committee and year facets have real work to do. Not timed: loading
the 20 objects and their URLs (the bench pages have no specific rows).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import base36, bulk_sections, p95  # noqa: E402

COMMITTEES = [
    "Police and Crime Panel",
    "Complaints Sub-Committee",
    "Finance Working Group",
    "Confirmation Hearings Panel",
    "Budget Task Group",
    "Estates Review Group",
    "Audit Committee",
    "Ethics Committee",
    "Victims Working Group",
    "Performance Panel",
    "Precept Task Group",
    "Private Matters Panel",  # the one behind a view restriction
]
DOMAIN_TEXT = (
    "police panel crime commissioner report meeting members council budget precept plan "
    "community officers public force chief annual review scrutiny performance victims "
    "funding policing safety constable complaints recommendation hearing confirmation "
    "appointment reserves estates strategy governance audit ethics partnership local "
    "neighbourhood domestic abuse violence against women girls youth justice prison "
    "probation custody detention firearms drones cyber fraud rural wildlife roads "
    "collisions speeding antisocial behaviour burglary robbery knife drugs county lines "
    "exploitation safeguarding mental health response times emergency calls recruitment "
    "uplift retention wellbeing diversity inclusion vetting misconduct standards"
)


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghiklmnoprstuvwy"
    made_up = {
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(20000)
    }
    domain = DOMAIN_TEXT.split()
    return domain + sorted(made_up - set(domain))


class Archive:
    """Deterministic synthetic documents: Zipf word frequencies over the vocabulary."""

    def __init__(self, seed=7):
        self.rng = random.Random(seed)
        self.words = vocabulary(random.Random(1))  # the same words whatever the seed
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(self.words))]
        self.cumulative = list(_accumulate(weights))

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cumulative, k=count))

    def title(self, committee: str) -> str:
        return f"{committee}: {self.text(6)}"


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def query_mix(archive: Archive):
    """60 queries as (label, Wagtail query object, year filter or None)."""
    from wagtail.search.query import And, Not, Or, Phrase, PlainText

    words = archive.words
    common, middle = words[:8], words[40:60]
    rare = words[2000:2010] + words[12000:12012]
    mix = [(w, PlainText(w), None) for w in common + middle[:6] + rare[:6]]  # 20 words
    pairs = [(common[i], middle[i]) for i in range(5)] + [(middle[i], rare[i]) for i in range(5)]
    pairs += [(common[i], common[i + 1]) for i in range(5)]
    mix += [(f"{a} {b}", PlainText(f"{a} {b}"), None) for a, b in pairs]  # 15 pairs
    phrases = ["police and crime", "crime panel", "chief constable", "mental health"]
    phrases += [f"{words[i]} {words[i + 1]}" for i in range(10, 16)]
    mix += [(f'"{p}"', Phrase(p), None) for p in phrases]  # 10 phrases
    for a, b in [(common[0], common[3]), *[(middle[i], common[i]) for i in range(4)]]:
        mix.append((f"{a} -{b}", And([PlainText(a), Not(PlainText(b))]), None))  # 5 minus
    for a, b in [(middle[i], rare[i + 6]) for i in range(5)]:
        mix.append((f"{a} OR {b}", Or([PlainText(a), PlainText(b)]), None))  # 5 OR
    for i, word in enumerate(common[:3] + middle[6:8]):
        mix.append((f"{word} year={2010 + i}", PlainText(word), 2010 + i))  # 5 with a filter
    return mix


# The child: one engine, one size -------------------------------------------------


def child(engine, size, database_url, budget, stock_queries, indexed, reuse=False):
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quorum.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    archive = Archive()
    if not reuse:
        call_command("migrate", verbosity=0)
        make_pages(archive, size)
    from wagtail.search.backends import get_search_backend

    backends = {
        "stock": get_search_backend("wagtail.search.backends.database"),
        "ours": get_search_backend("search.backends.database"),
    }
    result = {"engine": engine, "size": size, "backends": {}}
    mix = query_mix(archive)
    for name, backend in backends.items():
        build = through_api = None  # reused: built by an earlier run
        if not reuse:
            build, through_api = index_pages(size, backend, name, min(size, indexed))
            print(
                f"{engine} {size:,} {name}: index built in {build:.1f} s"
                f" ({through_api:.1f} s for {min(size, indexed):,} items through add_items())",
                file=sys.stderr,
            )
        subset = mix if name == "ours" else _spread(mix, stock_queries)
        times, over = time_queries(engine, backend, subset, budget if name == "stock" else 60)
        if name == "ours":
            public = time_public_page(backend, mix)
            result["public"] = {
                "p50_ms": statistics.median(public) * 1000,
                "p95_ms": p95(public) * 1000,
                "queries": len(mix),
            }
        result["backends"][name] = {
            "build_s": build,
            "api_s": through_api,
            "api_items": min(size, indexed),
            "size_mb": index_size_mb(name),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": p95(times) * 1000,
            "queries": len(subset),
            "over_budget": over,
        }
    print(json.dumps(result), flush=True)
    if engine == "postgresql":
        print(explain_common_word(backends["ours"]), file=sys.stderr)


def _spread(items, count):
    if count >= len(items):
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def make_pages(archive: Archive, size: int):
    """Bulk-insert `size` pages under 12 committees straight into wagtailcore_page."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from home.models import StandardPage

    standard = ContentType.objects.get_for_model(StandardPage)
    locale = Locale.get_default()
    committees = bulk_sections(Page.get_first_root_node(), COMMITTEES, "bench-committee", standard)
    start = datetime(2005, 1, 1, tzinfo=UTC)
    rng = random.Random(11)
    batch = []
    for number in range(size):
        committee = committees[number % len(committees)]
        published = start + timedelta(days=rng.randrange(20 * 365))
        batch.append(
            Page(
                path=committee.path + base36(number // len(committees)),
                depth=3,
                numchild=0,
                title=archive.title(committee.title),
                draft_title="",
                slug=f"item-{number}",
                content_type=standard,
                live=rng.random() > 0.03,
                first_published_at=published,
                last_published_at=published,
                locale=locale,
                translation_key=uuid.uuid4(),
                url_path=f"/item-{number}/",
            )
        )
        if len(batch) == 2000:
            Page.objects.bulk_create(batch)
            batch = []
    Page.objects.bulk_create(batch)


def index_pages(size: int, backend, name: str, indexed: int) -> tuple[float, float]:
    """Measured seconds to build the index of `size` pages, and the part of it spent in
    the backend's own add_items() over the first `indexed` pages (the same text for
    both backends); beyond those, entries are copied in SQL, which still makes the
    database tokenise, index and store every copy (only our Python text extraction
    is skipped), so the total is a measured time, not an extrapolation."""
    from django.db import connection
    from wagtail.models import Page

    from home.models import StandardPage

    texts = Archive(seed=99)
    index = backend.get_index_for_model(StandardPage)
    bench_paths = f"{Page.get_first_root_node().path}Y"
    rows = Page.objects.filter(path__startswith=bench_paths, depth=3).values_list("pk", "title")
    elapsed = 0.0
    chunk = []
    if name == "ours":
        bench_facts(backend, rows)
    for pk, title in rows.order_by("pk")[:indexed].iterator(chunk_size=2000):
        body = texts.text(400)
        chunk.append(StandardPage(id=pk, page_ptr_id=pk, title=title, introduction=body))
        if len(chunk) == 1000:
            elapsed += _timed(index.add_items, StandardPage, chunk)
            chunk = []
    if chunk:
        elapsed += _timed(index.add_items, StandardPage, chunk)
    through_api = elapsed
    if size > indexed:
        first = rows.order_by("pk").values_list("pk", flat=True)[0]
        copied = _timed(replicate, connection, name, first, indexed, size)
        print(f"{name}: copied entries up to {size:,} in {copied:.0f} s", file=sys.stderr)
        elapsed += copied
    started = time.perf_counter()
    if hasattr(backend, "optimise"):
        backend.optimise()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return elapsed + time.perf_counter() - started, through_api


def bench_facts(backend, rows):
    """Index each bench page with its committee (its section's slug) and day (first
    published), as a real archive's pages have them: our index asks facts_of()."""
    from django.db.models import F
    from django.db.models.functions import Substr
    from wagtail.models import Page

    from search.backends.database import base

    sections = dict(
        Page.objects.filter(depth=2, slug__startswith="bench-committee").values_list("path", "slug")
    )
    facts = {
        pk: base.EntryFacts(kind="page", committees=(sections.get(section, ""),), day=day.date())
        for pk, section, day in rows.annotate(section=Substr(F("path"), 1, 8)).values_list(
            "pk", "section", "first_published_at"
        )
    }
    base.facts_of = lambda obj, described=None: facts.get(obj.pk) or base.EntryFacts(kind="page")


def replicate(connection, name, first, indexed, size):
    """Give pages indexed..size the entries of pages 0..indexed (ids are contiguous)."""
    with connection.cursor() as cursor:
        for start in range(indexed, size, indexed):
            shift, count = start, min(indexed, size - start)
            window = [shift, first, first + count - 1]
            if name == "stock":
                columns = "title, autocomplete, body, title_norm"
                if connection.vendor == "postgresql":
                    columns += ", title_text, body_text"
                cursor.execute(
                    f"INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, {columns})"
                    " SELECT content_type_id, CAST(CAST(object_id AS INTEGER) + %s AS TEXT),"
                    f" {columns} FROM wagtailsearch_indexentry"
                    " WHERE CAST(object_id AS INTEGER) BETWEEN %s AND %s",
                    window,
                )
            elif connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO quorum_search_entry (content_type_id, object_id, title, body,"
                    f" {FACT_COLUMNS}) SELECT content_type_id, object_id + %s, title, body,"
                    f" {FACT_COLUMNS} FROM quorum_search_entry WHERE object_id BETWEEN %s AND %s",
                    window,
                )
            else:
                cursor.execute(
                    f"INSERT INTO quorum_search_entry (content_type_id, object_id, {FACT_COLUMNS})"
                    f" SELECT content_type_id, object_id + %s, {FACT_COLUMNS}"
                    " FROM quorum_search_entry WHERE object_id BETWEEN %s AND %s",
                    window,
                )
                cursor.execute(
                    "INSERT INTO quorum_search_fts (rowid, title, body)"
                    " SELECT copy.id, f.title, f.body FROM quorum_search_entry copy"
                    " JOIN quorum_search_entry e ON e.content_type_id = copy.content_type_id"
                    " AND e.object_id = copy.object_id - %s"
                    " JOIN quorum_search_fts f ON f.rowid = e.id"
                    " WHERE copy.object_id BETWEEN %s AND %s",
                    [shift, first + shift, first + shift + count - 1],
                )


FACT_COLUMNS = "kind, committees, day, public"


def time_public_page(backend, mix):
    """Seconds per public search page on our backend: count, facets and the first 20 of
    every kind in one statement, then the passages of those 20."""
    from datetime import date

    from search.backends.database.entries import Filters
    from search.backends.database.query import to_tree
    from search.database_search import public_gate

    times = []
    for _label, query, year in mix:
        filters = (
            Filters(day_from=date(year, 1, 1), day_to=date(year, 12, 31)) if year else Filters()
        )
        started = time.perf_counter()
        found = backend.search_entries(to_tree(query), public_gate(), filters, "relevance", 0, 20)
        backend.entry_snippets(found.match, [hit.entry_id for hit in found.hits])
        times.append(time.perf_counter() - started)
    return times


def _timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def time_queries(engine, backend, mix, budget):
    """Seconds per results page; pages stopped at the budget count as the budget."""
    from django.db import connection
    from django.db.utils import OperationalError
    from wagtail.models import Page

    times, over = [], 0
    for _label, query, year in mix:
        pages = Page.objects.live().public()
        if year:
            pages = pages.filter(first_published_at__year=year)
        deadline = time.perf_counter() + budget
        _set_budget(engine, connection, deadline, budget)
        started = time.perf_counter()
        try:
            results = backend.search(query, pages)
            results.count()
            list(results[:20])
            results.facet("content_type_id")
            times.append(time.perf_counter() - started)
        except OperationalError:  # over budget (SQLite interrupt, PostgreSQL timeout)
            times.append(budget)
            over += 1
        finally:
            _set_budget(engine, connection, None, None)
    return times, over


def _set_budget(engine, connection, deadline, budget):
    connection.ensure_connection()
    if engine == "sqlite":
        handler = None if deadline is None else (lambda: int(time.perf_counter() > deadline))
        connection.connection.set_progress_handler(handler, 10000)
    else:
        with connection.cursor() as cursor:
            milliseconds = 0 if budget is None else int(budget * 1000)
            cursor.execute(f"SET statement_timeout = {milliseconds}")


def index_size_mb(name: str) -> float:
    from django.db import connection

    prefix = "quorum_search" if name == "ours" else "wagtailsearch_indexentry"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT coalesce(sum(d.pgsize), 0) FROM dbstat d"
                " JOIN sqlite_master m ON m.name = d.name WHERE m.tbl_name LIKE %s",
                [prefix + "%"],
            )
        else:
            cursor.execute(
                "SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class "
                "WHERE relname LIKE %s AND relkind = 'r'",
                [prefix + "%"],
            )
        return float(cursor.fetchone()[0]) / 1e6


def explain_common_word(backend) -> str:
    """The plans of our ranked query for the most common word and a phrase of common
    words (they show the GIN indexes at work)."""
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.query import Phrase

    plans = []
    for query in ["police", Phrase("police and crime")]:
        results = backend.search(query, Page.objects.live().public())
        sql, params = backend.ranked_sql(results._match, results._scope)
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")  # as backend.index_first() does
            cursor.execute(f"EXPLAIN ANALYZE {sql} LIMIT 20", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


# The parent: one run, every engine and size, one table ----------------------------------


def fresh_database(engine: str, postgres_url: str, workdir: str) -> str:
    if engine == "sqlite":
        path = Path(workdir) / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, name = postgres_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return postgres_url


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--postgres", help="URL of a scratch database (dropped and re-made)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--budget", type=float, default=5.0, help="stock: seconds per page")
    parser.add_argument("--stock-queries", type=int, default=12)
    parser.add_argument(
        "--indexed",
        type=int,
        default=10_000,
        help="items indexed through each backend's add_items(); the rest are SQL copies",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the queries again on the PostgreSQL archive an earlier run left in"
        " --postgres (one size, the same as then; no rebuild, so no build figures)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, size, url = args.child
        child(engine, int(size), url, args.budget, args.stock_queries, args.indexed, args.reuse)
        return
    if args.reuse and not (args.postgres and args.no_sqlite and len(args.sizes) == 1):
        parser.error("--reuse needs --postgres, --no-sqlite and one size")
    engines = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for engine in engines:
            for size in args.sizes:
                url = (
                    args.postgres if args.reuse else fresh_database(engine, args.postgres, workdir)
                )
                command = [sys.executable, __file__, "--child", engine, str(size), url]
                command += ["--reuse"] if args.reuse else []
                command += ["--budget", str(args.budget)]
                command += ["--stock-queries", str(args.stock_queries)]
                command += ["--indexed", str(args.indexed)]
                started = time.perf_counter()
                output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
                result = json.loads(output.stdout.strip().splitlines()[-1])
                result["wall_s"] = time.perf_counter() - started
                rows.append(result)
                print_row(result, flush=True)
    print()
    print_table(rows)


def print_row(result, flush=False):
    print(
        f"done: {result['engine']} {result['size']:,} in {result['wall_s']:.0f} s",
        file=sys.stderr,
        flush=flush,
    )


def _figure(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_table(rows):
    header = (
        f"{'engine':<11}{'items':>9}  {'backend':<6}{'p50 ms':>10}{'p95 ms':>10}"
        f"{'over':>8}{'build s':>9}{'api s':>8}{'size MB':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        for name in ("stock", "ours"):
            figures = row["backends"][name]
            mark = ">" if figures["over_budget"] else ""
            print(
                f"{row['engine']:<11}{row['size']:>9,}  {name:<6}"
                f"{mark + format(figures['p50_ms'], '.0f'):>10}"
                f"{mark + format(figures['p95_ms'], '.0f'):>10}"
                f"{str(figures['over_budget']) + '/' + str(figures['queries']):>8}"
                f"{_figure(figures['build_s']):>9}{_figure(figures['api_s']):>8}"
                f"{figures['size_mb']:>9.1f}"
            )
        if "public" in row:
            public = row["public"]
            print(
                f"{row['engine']:<11}{row['size']:>9,}  {'public':<6}"
                f"{public['p50_ms']:>10.0f}{public['p95_ms']:>10.0f}"
                f"{'0/' + str(public['queries']):>8}"
            )
        stock, ours = row["backends"]["stock"], row["backends"]["ours"]
        print(
            f"{'':<20}  ratio stock/ours: p50 "
            f"{stock['p50_ms'] / max(ours['p50_ms'], 0.01):.0f}x, p95 "
            f"{stock['p95_ms'] / max(ours['p95_ms'], 0.01):.0f}x"
            + (" (stock over budget: lower bounds)" if stock["over_budget"] else "")
        )
    print(
        "build s: measured wall time of the whole index build; api s: the part spent in"
        " add_items() for the first --indexed items (the rest are SQL copies)."
    )
    print(
        "public: the public search page on ours (count + type, committee and year facets"
        " + first 20 of every kind + their passages)."
    )


if __name__ == "__main__":
    main()
