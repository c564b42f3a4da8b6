from django import forms

MAX_QUERY_LENGTH = 500


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the archive",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Your search is too long: use at most {MAX_QUERY_LENGTH} characters."
        },
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
