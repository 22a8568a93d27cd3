from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RepeatMissingPolicy


@admin.register(RepeatMissingPolicy)
class RepeatMissingPolicyAdmin(SimpleHistoryAdmin):
    """The repeat-missing trigger is local practice: the authority sets the count and the window here."""

    list_display = ("episodes", "window_days", "lookback_days")

    def has_add_permission(self, request):
        return not RepeatMissingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
