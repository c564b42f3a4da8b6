"""Elasticsearch search, side by side with the database backend on the same data.

    DATABASE_URL=postgres://postgres@127.0.0.1:59059/quorum_h5_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:54499 \\
    .venv/bin/python bench/search_elasticsearch.py [--n 100000] [--runs 3]

Builds a fresh archive of N items in the given PostgreSQL database (migrated first; use a
database of its own, it is emptied): 70% pages (title and a ~300-word body) under a few
committee parents, one of them behind a view restriction so that the public gate really
filters, and 30% documents of five pages each attached to one public paper. Rows are
bulk-inserted (no revisions) for speed; the indexes are then built by the backends' own
bulk indexing code, timed: for Elasticsearch, a full rebuild as `update_index` does it (a
new index per model group with the rebuilder's bulk-loading settings, documents fetched
from the database in chunks of 1,000, the alias swapped at the end); for the database
backend, its bulk add. Then a fixed mix of queries runs `--runs` times through:

  raw ES      the Elasticsearch requests that search_archive() sends (client round trips)
  endpoint    GET /api/v1/search (in-process Django client: form, query, gate, JSON)
  database    the database backend's results page (count + first 20) on PostgreSQL

and prints p50/p95 for each (Elasticsearch's request cache emptied before each timing, so
no repeat is answered from it), bulk indexing throughput and peak memory (this process's
maximum RSS; Elasticsearch's JVM heap and its process RSS, which on a shared server are
not ours alone). Each run writes to fresh Elasticsearch indexes named
ELASTICSEARCH_INDEX_PREFIX (default quorum_bench_) plus a random part, deleted after
unless `--keep`; `--reuse PREFIX` queries a kept archive again, and `--reuse PREFIX
--reindex` first rebuilds its Elasticsearch indexes with the code as it is now (the
database backend's index is kept).
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import base36, bulk_sections, p95  # noqa: E402

WORDS = " ".join(
    [
        "police panel crime commissioner report meeting members council budget precept",
        "plan community officers public force chief annual review scrutiny performance",
        "victims funding policing safety constable complaints recommendation hearing",
        "confirmation appointment reserves estates strategy governance audit ethics",
        "partnership local neighbourhood domestic abuse violence women girls youth",
        "justice prison probation custody detention firearms drones cyber fraud rural",
        "wildlife roads collisions speeding antisocial behaviour burglary robbery knife",
        "drugs county lines exploitation safeguarding mental health response times",
        "emergency calls recruitment uplift retention wellbeing diversity inclusion",
        "vetting misconduct standards",
    ]
).split()
QUERIES = [
    "precept",
    "police budget",
    "victims funding",
    '"mental health"',
    "custody -drones",
    "knife OR robbery",
    "annual report",
    "confirmation hearing",
    "recruitment uplift",
    "rural wildlife crime",
    "cyber fraud victims",
    "domestic abuse",
    "polcie budgte",
    "PCC precept",
    "ASB strategy",
    "response times emergency calls",
    '"county lines"',
    "vetting misconduct",
    "estates strategy",
    "youth justice",
]


def text(rng: random.Random, words: int) -> str:
    # A few rare made-up words per text so that not everything matches everything.
    vocabulary = WORDS + [f"term{rng.randrange(5000)}" for _ in range(20)]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def setup(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quorum.settings.test")
    if args.reuse:  # the archive and indexes of an earlier --keep run
        os.environ["ELASTICSEARCH_INDEX_PREFIX"] = args.reuse
    else:  # a fresh set of indexes under the given prefix (default quorum_bench_)
        prefix = os.environ.get("ELASTICSEARCH_INDEX_PREFIX") or "quorum_bench_"
        os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"{prefix}{uuid.uuid4().hex[:8]}_"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    for backend in settings.WAGTAILSEARCH_BACKENDS.values():
        backend["AUTO_UPDATE"] = False  # we index in bulk, and time it
        backend["TIMEOUT"] = 60  # bulk requests of 500 full documents, not page requests
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Give a PostgreSQL DATABASE_URL: the comparison is with PostgreSQL.")
    if args.reuse:
        return
    with connection.cursor() as cursor:  # a fresh schema: the bench database is ours
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def page_body(number: int) -> str:
    """The body of page `number`: the same in every run, so that --reindex can rebuild it."""
    return text(random.Random(number), 300)


def make_archive(n: int):
    """Bulk-insert the pages and documents (the pages as plain Page rows: their body text
    is made again by page_body() when they are indexed)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from meetings.models import Appendix, CommitteeDocument, DocumentPageText, PaperPage

    rng = random.Random(7)
    locale = Locale.get_default()
    page_type = ContentType.objects.get_for_model(Page)
    home = Page.objects.get(depth=2)
    paper = PaperPage(title="Bench appendices", slug="bench-appendices", date="2024-01-01")
    home.add_child(instance=paper)
    parents = bulk_sections(home, [f"Section {n}" for n in range(6)], "section", page_type)
    page_count, document_count = int(n * 0.7), n - int(n * 0.7)
    Page.objects.bulk_create(
        (
            Page(
                path=parents[number % len(parents)].path + base36(number // len(parents)),
                depth=4,
                numchild=0,
                title=text(rng, 6).capitalize(),
                draft_title="",
                slug=f"item-{number}",
                content_type=page_type,
                live=rng.random() > 0.03,
                locale=locale,
                translation_key=uuid.uuid4(),
                url_path=f"/home/item-{number}/",
            )
            for number in range(page_count)
        ),
        batch_size=2000,
    )
    documents = CommitteeDocument.objects.bulk_create(
        CommitteeDocument(
            title=text(rng, 5).capitalize(),
            file="documents/bench.pdf",
            extraction_status="done",
            page_count=5,
        )
        for _ in range(document_count)
    )
    DocumentPageText.objects.bulk_create(
        (
            DocumentPageText(document=d, number=p, text=text(rng, 250))
            for d in documents
            for p in range(1, 6)
        ),
        batch_size=5000,
    )
    Appendix.objects.bulk_create(
        Appendix(paper=paper, title=d.title, document=d) for d in documents
    )


def archive_to_index():
    """The archive's pages, as standard pages with their bodies, and its documents."""
    from wagtail.models import Page

    from home.models import StandardPage
    from meetings.models import CommitteeDocument

    rows = Page.objects.filter(depth=4, slug__startswith="item-").order_by("pk")
    pages = [
        StandardPage(
            pk=row.pk,
            id=row.pk,
            title=row.title,
            path=row.path,
            depth=row.depth,
            live=row.live,
            content_type_id=row.content_type_id,
            locale_id=row.locale_id,
            introduction=page_body(int(row.slug.removeprefix("item-"))),
        )
        for row in rows.only(
            "pk", "title", "path", "depth", "live", "slug", "content_type_id", "locale_id"
        )
    ]
    return pages, list(CommitteeDocument.objects.all())


def bulk_index(backend, pages, documents, chunk=1000) -> float:
    """Index everything as `update_index` does: into a new index per model group (built by
    the backend's rebuilder, with its bulk-loading settings), chunk by chunk, then swapped
    in. The documents are fetched from the database in chunks, as update_index does."""
    from modelsearch.index import get_indexed_models

    from home.models import StandardPage
    from meetings.models import CommitteeDocument

    started = time.perf_counter()
    if not hasattr(backend, "es"):  # the database backend: its own bulk path
        for start in range(0, len(pages), chunk):
            backend.add_bulk(StandardPage, pages[start : start + chunk])
        for start in range(0, len(documents), chunk):
            part = [d.pk for d in documents[start : start + chunk]]
            backend.add_bulk(CommitteeDocument, CommitteeDocument.objects.filter(pk__in=part))
        return time.perf_counter() - started
    document_pks = [d.pk for d in documents]
    for model, items in ((StandardPage, pages), (CommitteeDocument, document_pks)):
        alias = backend.get_index_for_model(model)
        rebuilder = backend.rebuilder_class(alias)
        index = rebuilder.start()
        for other in get_indexed_models():
            if backend.get_index_for_model(other).name == alias.name:
                index.add_model(other)
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            if model is CommitteeDocument:
                part = list(CommitteeDocument.objects.filter(pk__in=part).order_by("pk"))
            index.add_items(model, part)
        rebuilder.finish()
    return time.perf_counter() - started


def es_rss_mb(es) -> tuple[float, float] | None:
    """Resident memory of the Elasticsearch process now and its peak (VmRSS, VmHWM), when it
    runs on this machine and /proc may be read (the peak is over the server's whole life)."""
    nodes = es.nodes.info(node_id="_local", metric="process")["nodes"]
    pid = next(iter(nodes.values()))["process"]["id"]
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
    except OSError:
        return None
    return tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))


def es_heap_mb(es) -> float:
    stats = es.nodes.stats(metric="jvm")
    return max(n["jvm"]["mem"]["heap_used_in_bytes"] for n in stats["nodes"].values()) / 2**20


def build(n, es_backend, db_backend):
    """Make the archive and index it on both backends, timed."""
    from django.core.management import call_command

    call_command("update_index", backend_name="default", schema_only=True, verbosity=0)
    started = time.perf_counter()
    make_archive(n)
    pages, documents = archive_to_index()
    print(
        f"archive: {len(pages)} pages + {len(documents)} documents (5 pages each) "
        f"made in {time.perf_counter() - started:.1f}s"
    )
    reindex_elasticsearch(es_backend, pages, documents)
    db_seconds = bulk_index(db_backend, pages, documents)
    total = len(pages) + len(documents)
    print(f"database backend bulk indexing: {total / db_seconds:,.0f} items/s ({db_seconds:.1f}s)")


def reindex_elasticsearch(es_backend, pages=None, documents=None):
    """A full rebuild of the Elasticsearch indexes, timed and printed."""
    from wagtail.models import Page

    from meetings.models import CommitteeDocument

    if pages is None:
        pages, documents = archive_to_index()
    seconds = bulk_index(es_backend, pages, documents)
    es_backend.es.indices.refresh(
        index=[
            es_backend.get_index_for_model(Page).name,
            es_backend.get_index_for_model(CommitteeDocument).name,
        ]
    )
    total = len(pages) + len(documents)
    print(f"Elasticsearch full reindex: {total / seconds:,.0f} items/s ({seconds:.1f}s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="items (default 100,000)")
    parser.add_argument("--runs", type=int, default=3, help="passes over the query mix")
    parser.add_argument(
        "--keep", action="store_true", help="keep the archive and indexes (prints the prefix)"
    )
    parser.add_argument("--reuse", metavar="PREFIX", help="query a kept archive again")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --reuse: rebuild its Elasticsearch indexes first (after a mapping change)",
    )
    args = parser.parse_args()
    setup(args)

    from django.test import Client
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from meetings.models import CommitteeDocument
    from search import syntax
    from search.database_search import database_search
    from search.models import Abbreviation
    from search.query import ElasticsearchQuery

    es_backend = get_search_backend("default")
    db_backend = get_search_backend("database")
    if args.reuse:
        print(f"reusing the archive and the indexes {args.reuse}*")
        if args.reindex:
            reindex_elasticsearch(es_backend)
    else:
        build(args.n, es_backend, db_backend)

    heap = [es_heap_mb(es_backend.es)]
    client = Client()
    filters = {"type": "", "committee": "", "date_from": None, "date_to": None}
    timings = {"raw ES": [], "endpoint": [], "database": []}
    indexes = [es_backend.get_index_for_model(m).name for m in (Page, CommitteeDocument)]

    def cold():
        """Empty Elasticsearch's request cache (which keeps the answers of searches that
        ask for no hits, such as the "Did you mean" suggestion), so that every timing is of
        a search not seen before."""
        es_backend.es.indices.clear_cache(index=indexes, request=True)

    client.get("/api/v1/search", {"q": "warm up"})  # first-request costs are not a search's
    for _ in range(args.runs):
        for q in QUERIES:
            # As the endpoint does (search_archive): "PCC" also looks for its long form.
            parsed = syntax.expand_abbreviations(syntax.parse(q), Abbreviation.objects.expansions())
            query = ElasticsearchQuery(es_backend, q, parsed, filters, "relevance", 1)
            cold()
            t = time.perf_counter()
            query.search(1)
            timings["raw ES"].append(time.perf_counter() - t)
            cold()
            t = time.perf_counter()
            response = client.get("/api/v1/search", {"q": q})
            timings["endpoint"].append(time.perf_counter() - t)
            assert response.status_code == 200 and response.json()["engine"] == "elasticsearch"
            t = time.perf_counter()
            database_search(q, parsed, filters)
            timings["database"].append(time.perf_counter() - t)
    heap.append(es_heap_mb(es_backend.es))

    items = Page.objects.filter(depth=4, slug__startswith="item-").count()
    items += CommitteeDocument.objects.count()
    print(f"\nN = {items:,} items, {len(QUERIES)} queries x {args.runs} runs")
    print(f"{'path':<10} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in timings.items():
        print(f"{name:<10} {statistics.median(values) * 1000:8.1f} {p95(values) * 1000:8.1f}")
    at_p95 = {name: p95(values) for name, values in timings.items()}
    print(
        f"endpoint / raw ES at p95: {at_p95['endpoint'] / at_p95['raw ES']:.2f}; "
        f"database / endpoint at p95: {at_p95['database'] / at_p95['endpoint']:.1f}x"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: Django process {rss:.0f} MB; Elasticsearch JVM heap used "
        f"(max sampled, shared server) {max(heap):.0f} MB"
    )
    es_rss = es_rss_mb(es_backend.es)
    if es_rss:
        print(f"Elasticsearch process RSS now {es_rss[0]:.0f} MB, peak {es_rss[1]:.0f} MB")
    prefix = os.environ["ELASTICSEARCH_INDEX_PREFIX"]
    if args.keep or args.reuse:
        print(f"kept: run again with --reuse {prefix} (same DATABASE_URL)")
        return
    # Every index of this run (Wagtail made one per indexed model), by name.
    ours = es_backend.es.indices.get(index=f"{os.environ['ELASTICSEARCH_INDEX_PREFIX']}*")
    for name in ours:
        es_backend.es.options(ignore_status=404).indices.delete(index=name)


if __name__ == "__main__":
    main()
