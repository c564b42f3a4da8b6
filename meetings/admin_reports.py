"""Document text extraction, as a report for editors (wagtail-modeladmin).

Wagtail's own document listing cannot filter by extraction status, so editors could not
see which uploads failed to yield text (and so cannot be searched) or why. ModelAdmin's
filtered, read-only listing is the right size for that; it is registered from
meetings/wagtail_hooks.py.
"""

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from meetings.models import CommitteeDocument


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DocumentTextAdmin(ModelAdmin):
    model = CommitteeDocument
    menu_label = "Document text"
    menu_icon = "doc-full"
    menu_order = 410
    add_to_settings_menu = False
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("title", "mime_type", "page_count", "extraction_status", "extraction_error")
    list_filter = ("extraction_status", "mime_type")
    search_fields = ("title",)
    ordering = ("-created_at",)
    inspect_view_enabled = True


modeladmin_register(DocumentTextAdmin)
