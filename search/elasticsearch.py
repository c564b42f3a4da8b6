"""Quorum's Elasticsearch backend: Wagtail's `elasticsearch9` backend, with two additions.

1. Every indexed document carries a few `quorum_*` fields that Wagtail does not write
   (its field names are prefixed per model, so they cannot be faceted across types):
   `quorum_type`, `quorum_committee` (slugs), `quorum_date`, `quorum_text` (all searchable
   text in one field, for highlighting), `quorum_spelling` (its words unstemmed, for
   the "Did you mean" suggester) and, for documents only, `quorum_body` (the page text),
   `quorum_pages` (nested: one entry per page, so a hit says "page 12") and
   `quorum_public`. They live in the same indexes that Wagtail
   creates, maintains and atomically rebuilds; there is no second index.
2. An index write that fails because Elasticsearch is down or too slow is recorded as a
   PendingIndexOperation instead of being lost; `manage.py search_sync` and the next write
   that succeeds replay them.
3. A full rebuild is fast: the new index takes no refreshes and no replicas until it is
   complete (then it is merged into one segment and both are restored, before the alias
   swaps), documents are built with their related rows fetched in bulk, and bulk
   requests go out from two threads while the next documents are built. A document's
   page text is analysed once for its pages (`quorum_pages`, also copied into Wagtail's
   `_all_text`), not a second time as Wagtail's own `text_pages`.

Use it with `"BACKEND": "search.elasticsearch"` in WAGTAILSEARCH_BACKENDS.
"""

import logging
from concurrent.futures import ThreadPoolExecutor

from django.db.models import prefetch_related_objects
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError
from elasticsearch.helpers import bulk
from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder
from modelsearch.index import class_is_indexed
from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)

logger = logging.getLogger(__name__)

# Failures that mean "Elasticsearch is not answering", as opposed to a bug in a request.
UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)
PENDING_DRAIN_BATCH = 200
BULK_CHUNK = 250  # documents per bulk request (a document with its pages is ~30 kB)
BULK_THREADS = 2
MERGE_TIMEOUT = 3600  # seconds: merging a large rebuilt index takes minutes, not a request's

QUORUM_MAPPING = {
    "quorum_type": {"type": "keyword"},
    "quorum_committee": {"type": "keyword"},
    "quorum_date": {"type": "date"},
    "quorum_public": {"type": "boolean"},
    "quorum_text": {
        "type": "text",
        # Offsets in the postings let the highlighter mark words without re-analysing
        # whole documents at query time (several times faster on long documents).
        "index_options": "offsets",
        "copy_to": ["quorum_spelling"],
    },
    # A document's page text, matched and scored with its other text but never
    # highlighted: its passages come from its pages (quorum_pages), and highlighting
    # whole documents for nothing took about a third of a request for document hits.
    "quorum_body": {"type": "text", "copy_to": ["quorum_spelling"]},
    # Unstemmed words for spelling suggestions ("polic" is no suggestion).
    "quorum_spelling": {"type": "text", "analyzer": "standard"},
    "quorum_pages": {
        "type": "nested",
        "properties": {
            "number": {"type": "integer"},
            # Wagtail's admin searches _all_text: a document's pages are found there too.
            "text": {"type": "text", "index_options": "offsets", "copy_to": ["_all_text"]},
        },
    },
}
# Related rows that Wagtail's get_document() reads for each object of these models.
PREFETCH = {"committeedocument": ["tags", "text_pages"], "agendaitem": ["meeting"]}

# Wagtail's own bookkeeping fields: not text a visitor would search for.
_NOT_TEXT = ("pk", "_django_content_type", "_edgengrams")


def _text_of(doc: dict) -> str:
    """All searchable text Wagtail put in the document (filter and autocomplete copies aside)."""
    from search.results import strings_in

    out: list[str] = []
    for key, value in doc.items():
        if key in _NOT_TEXT or key.endswith(("_filter", "_edgengrams")):
            continue
        if key.endswith("text_pages"):
            continue  # a document's pages are indexed one by one under quorum_pages
        strings_in(value, out)
    return "\n".join(out)


class QuorumMapping(Elasticsearch9Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        mapping["properties"].update(QUORUM_MAPPING)
        # quorum_body is never read back: kept out of the stored source, which would
        # otherwise hold a document's page text twice (again in quorum_pages, which the
        # highlighter reads). The documents' index is about 45% smaller.
        mapping["_source"] = {"excludes": ["quorum_body"]}
        return mapping

    def get_document(self, obj):
        doc = super().get_document(obj)
        from search.results import describe_for_index

        facts = describe_for_index(obj)
        doc["quorum_text"] = "\n".join([_text_of(doc), facts.text]).strip()
        if facts.pages:
            doc["quorum_body"] = "\n".join(text for _, text in facts.pages)
        doc["quorum_type"] = facts.type
        doc["quorum_committee"] = facts.committees
        doc["quorum_date"] = facts.date.isoformat() if facts.date else None
        if facts.public is not None:
            doc["quorum_public"] = facts.public
        doc["quorum_pages"] = [{"number": n, "text": text} for n, text in facts.pages]
        doc.pop("text_pages", None)  # the same text as quorum_pages, analysed once
        return doc


class QuorumIndex(Elasticsearch9Index):
    def add_items(self, model, items):
        from search.results import prefetched_facts

        if not class_is_indexed(model):
            return
        items = list(items)
        if not items:
            return
        prefetch_related_objects(items, *PREFETCH.get(model._meta.model_name, []))
        mapping = self.mapping_class(model)
        # Documents are built here (this thread's database connection and context), and
        # sent by other threads while the next chunk is built; any error raises here.
        with prefetched_facts(model, items), ThreadPoolExecutor(BULK_THREADS) as senders:
            sent = []
            for start in range(0, len(items), BULK_CHUNK):
                actions = [
                    {"_index": self.name, "_id": mapping.get_document_id(item)}
                    | mapping.get_document(item)
                    for item in items[start : start + BULK_CHUNK]
                ]
                sent.append(senders.submit(bulk, self.es, actions, chunk_size=BULK_CHUNK))
            for sending in sent:
                sending.result()


class QuorumAtomicIndexRebuilder(ElasticsearchAtomicIndexRebuilder):
    """Wagtail's atomic rebuild, with the new index tuned for bulk loading until it is
    complete: no periodic refresh, no replica to copy every write to, no fsync per request."""

    LOADING = {
        "index": {
            "refresh_interval": "-1",
            "number_of_replicas": 0,
            "translog": {"durability": "async"},  # no fsync per bulk request
        }
    }

    def start(self):
        index = super().start()
        self.index.es.indices.put_settings(index=self.index.name, settings=self.LOADING)
        return index

    def finish(self):
        # One segment instead of the dozen or more that bulk loading leaves: every search
        # pays a cost per segment (term look-ups, facets): merged, a search at 100,000 items
        # took about a quarter less. Done before the swap, so the index goes live merged.
        self.index.es.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(
            index=self.index.name, max_num_segments=1
        )
        configured = self.index.backend.settings.get("settings", {}).get("index", {})
        self.index.es.indices.put_settings(
            index=self.index.name,
            settings={
                "index": {
                    "refresh_interval": configured.get("refresh_interval"),  # None: default
                    "number_of_replicas": configured.get("number_of_replicas", 1),
                    "translog": {"durability": "request"},
                }
            },
        )
        super().finish()  # refreshes, then swaps the alias


class QuorumSearchQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = QuorumMapping


class QuorumAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = QuorumMapping


class QuorumSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = QuorumMapping
    index_class = QuorumIndex
    atomic_rebuilder_class = QuorumAtomicIndexRebuilder
    query_compiler_class = QuorumSearchQueryCompiler
    autocomplete_query_compiler_class = QuorumAutocompleteQueryCompiler

    def add(self, obj):
        from search.models import PendingIndexOperation

        try:
            super().add(obj)
        except UNAVAILABLE as error:
            self._owe([obj], PendingIndexOperation.Action.INDEX, error)
        else:
            self.drain_pending(limit=PENDING_DRAIN_BATCH)

    def add_bulk(self, model, obj_list):
        from search.models import PendingIndexOperation

        obj_list = list(obj_list)  # read twice when Elasticsearch does not answer
        try:
            super().add_bulk(model, obj_list)
        except UNAVAILABLE as error:  # all owed: a replay of one that arrived does no harm
            self._owe(obj_list, PendingIndexOperation.Action.INDEX, error)
        else:
            self.drain_pending(limit=PENDING_DRAIN_BATCH)

    def delete(self, obj):
        from search.models import PendingIndexOperation

        try:
            super().delete(obj)
        except UNAVAILABLE as error:
            self._owe([obj], PendingIndexOperation.Action.DELETE, error)

    def _owe(self, objs, action, error):
        from search.models import PendingIndexOperation

        logger.warning(
            "Elasticsearch did not take the %s of %s (%s); recorded for search_sync",
            action,
            repr(objs[0]) if len(objs) == 1 else f"{len(objs)} objects",
            type(error).__name__,
        )
        for obj in objs:
            PendingIndexOperation.objects.record(obj, action, f"{type(error).__name__}: {error}")

    def drain_pending(self, limit: int | None = None) -> dict:
        """Replay owed index writes against each object's current state.

        Returns counts; stops at the first write that fails again (still down)."""
        from search.models import PendingIndexOperation

        done = {"indexed": 0, "deleted": 0, "failed": 0}
        operations = PendingIndexOperation.objects.select_related("content_type")
        if not operations.exists():
            return done
        for operation in operations[:limit] if limit else operations.iterator():
            model = operation.content_type.model_class()
            obj = model._default_manager.filter(pk=operation.object_id).first() if model else None
            try:
                if obj is None:
                    self._delete_by_id(model, operation.object_id)
                    done["deleted"] += 1
                else:
                    obj = (
                        obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
                    )
                    super().add(obj)
                    done["indexed"] += 1
            except (*UNAVAILABLE, ApiError) as error:
                PendingIndexOperation.objects.filter(pk=operation.pk).update(
                    attempts=operation.attempts + 1, error=f"{type(error).__name__}: {error}"[:500]
                )
                done["failed"] += 1
                break
            operation.delete()
        return done

    def _delete_by_id(self, model, object_id):
        if model is None:
            return
        index = self.get_index_for_model(model)
        index.es.options(ignore_status=404).delete(index=index.name, id=str(object_id))


SearchBackend = QuorumSearchBackend
