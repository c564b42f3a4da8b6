from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "quorum_search"
    verbose_name = "Search"

    def ready(self):
        from search import signal_handlers  # noqa: F401
