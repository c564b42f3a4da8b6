from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and papers"

    def ready(self):
        from meetings import admin_reports, signal_handlers  # noqa: F401
