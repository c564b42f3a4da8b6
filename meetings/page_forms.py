"""Admin forms for page types (imported by the models, so nothing here loads models)."""

from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm


def meeting_slug(start) -> str:
    """Meetings are named by their date in Europe/London: /meetings/2024-09-25/."""
    return timezone.localtime(start).date().isoformat() if start else ""


def person_name(given_name, family_name) -> str:
    return f"{given_name or ''} {family_name or ''}".strip()


class DerivedSlugPageForm(WagtailAdminPageForm):
    """A page form whose slug may be left empty (or to the admin's title-based guess) and
    is then derived from the page's own data by `derived_slug()`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def derived_slug(self, cleaned_data) -> str:
        raise NotImplementedError

    def clean(self):
        cleaned_data = self.cleaned_data
        slug = cleaned_data.get("slug", "")
        title = cleaned_data.get("title", "")
        if not slug or slug == slugify(title):
            cleaned_data["slug"] = self.derived_slug(cleaned_data) or slug
        return super().clean()


class MeetingPageForm(DerivedSlugPageForm):
    """Meetings are named by their date: /meetings/2024-09-25/."""

    def derived_slug(self, cleaned_data):
        return meeting_slug(cleaned_data.get("start"))


class PersonPageForm(DerivedSlugPageForm):
    """A person's page is titled and named after them: /people/claire-george/."""

    def derived_slug(self, cleaned_data):
        return slugify(person_name(cleaned_data.get("given_name"), cleaned_data.get("family_name")))

    def clean(self):
        cleaned_data = super().clean()
        name = person_name(cleaned_data.get("given_name"), cleaned_data.get("family_name"))
        if name:
            cleaned_data["title"] = self.instance.title = name
        return cleaned_data
