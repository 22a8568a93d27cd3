from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import CalendarOverride, DeadlineRule


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    """Administrators edit one-off bank holidays and local closure days here; writes go through services."""

    list_display = ["date", "kind", "description"]
    list_filter = ["kind"]

    def get_actions(self, request):
        # Bulk delete would skip the service and leave stored deadlines stale.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = services.calendar_override_set(date=obj.date, kind=obj.kind, description=obj.description)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.calendar_override_remove(date=obj.date)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "amount", "unit", "status", "locally_configurable"]
    list_filter = ["status", "locally_configurable"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["code", "name", "anchor", "unit", "status", "source", "locally_configurable"]
        # Statutory rules are fixed; only local-practice intervals are the authority's to set.
        return fixed if obj and obj.locally_configurable else [*fixed, "amount"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.deadline_rule_update(code=obj.code, amount=obj.amount)
