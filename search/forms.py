from django import forms

from meetings.models import CommitteePage
from search.query import SORTS
from search.results import TYPE_LABELS

MAX_QUERY_LENGTH = 500
MAX_PAGE = 500  # Elasticsearch serves the first 10,000 results: 500 pages of 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the archive",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Your search is too long: use at most {MAX_QUERY_LENGTH} characters."
        },
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *TYPE_LABELS.items()]
    )
    committee = forms.ChoiceField(
        label="Committee",
        required=False,
        # A callable: the list is read only when a committee is given or the form is drawn.
        choices=lambda: [("", "All committees"), *public_committees()],
        error_messages={
            "invalid_choice": "There is no committee “%(value)s” on this site: choose one "
            "from the list."
        },
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label="Sort", required=False, choices=list(SORTS.items()))
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "min_value": "Page numbers start at 1.",
            "max_value": f"Only the first {MAX_PAGE} pages of results can be shown: "
            "narrow your search with the filters.",
            "invalid": "The page number must be a whole number.",
        },
    )

    def show_counts(self, facets: dict):
        """Put the number of results beside each committee in the list, when the search
        counted them (either engine) and no committee is chosen yet."""
        counted = facets.get("committee")
        if counted is None or self.cleaned_data.get("committee"):
            return
        counts = {facet.value: facet.count for facet in counted}
        self.fields["committee"].choices = [
            ("", "All committees"),
            *((slug, f"{title} ({counts.get(slug, 0)})") for slug, title in public_committees()),
        ]

    def clean_q(self):
        # NUL and other control characters never help a search.
        text = "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable() or ch.isspace())
        return " ".join(text.split())

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must not be before the start date.")
        cleaned["sort"] = cleaned.get("sort") or "relevance"
        return cleaned


def public_committees() -> list[tuple[str, str]]:
    """(slug, title) of every committee the public can see, by title."""
    return list(
        CommitteePage.objects.visible_to_public().order_by("title").values_list("slug", "title")
    )
