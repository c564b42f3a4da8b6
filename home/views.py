from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

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
