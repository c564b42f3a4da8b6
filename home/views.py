from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from home.audit import AuditRangeForm, entries_between, write_csv
from home.roles import AUDITORS, in_groups


def audit_log_export(request):
    """Moderators download who did what to which page, and when, for a date range."""
    if not in_groups(request.user, AUDITORS):
        raise PermissionDenied
    form = AuditRangeForm(request.GET or None)
    if not form.is_valid():
        return render(
            request, "home/audit_log.html", {"form": form}, status=400 if form.is_bound else 200
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{start}-{end}.csv"'
    write_csv(response, entries_between(start, end))
    return response


class PersonAccountForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, help_text="The member's person page.")
    user = forms.ModelChoiceField(
        queryset=None,
        required=False,
        help_text="Their sign-in account; leave empty to remove the link.",
    )

    def __init__(self, *args, **kwargs):
        from meetings.models import PersonPage

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = PersonPage.objects.order_by("title")
        self.fields["user"].queryset = get_user_model().objects.order_by("username")

    def clean(self):
        data = super().clean()
        person, user = data.get("person"), data.get("user")
        if person and user:
            other = type(person).objects.filter(user=user).exclude(pk=person.pk).first()
            if other is not None:
                raise forms.ValidationError(
                    f"{user.username} is already linked to {other.title}; remove that link first."
                )
        return data

    def save(self):
        """Link (or unlink) without a new page revision: the link is the person's, not a
        version of their page (see PersonPage.with_content_json)."""
        person, user = self.cleaned_data["person"], self.cleaned_data["user"]
        type(person).objects.filter(pk=person.pk).update(user=user)
        return person, user


def person_accounts(request):
    """Site administrators link panel members' accounts to their person pages; a member
    then reads the exempt papers of the committees they currently sit on."""
    from meetings.models import PersonPage

    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied
    form = PersonAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person, user = form.save()
        if user is None:
            messages.success(request, f"{person.title} is no longer linked to an account.")
        else:
            messages.success(request, f"{person.title} is now linked to {user.username}.")
        return redirect("home_person_accounts")
    linked = PersonPage.objects.filter(user__isnull=False).select_related("user").order_by("title")
    return render(
        request,
        "home/person_accounts.html",
        {"form": form, "linked": linked},
        status=400 if form.is_bound else 200,
    )
