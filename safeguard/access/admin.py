from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import InspectorGrant


@admin.register(InspectorGrant)
class InspectorGrantAdmin(SimpleHistoryAdmin):
    """Administrators grant inspectors a read-only window; writes go through services (validated)."""

    list_display = ["inspector", "starts_at", "ends_at", "reason", "granted_by", "revoked_at"]
    fields = ["inspector", "starts_at", "ends_at", "reason"]
    raw_id_fields = ["inspector"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        grant = services.inspector_grant_create(
            inspector=obj.inspector,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            reason=obj.reason,
            granted_by=request.user,
        )
        obj.pk = grant.pk

    @admin.action(description="Revoke the selected grants now")
    def revoke(self, request, queryset):
        for grant in queryset:
            services.inspector_grant_revoke(grant_id=grant.pk, revoked_by=request.user)
