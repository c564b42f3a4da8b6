from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and papers"

    def ready(self):
        from meetings import signal_handlers  # noqa: F401
