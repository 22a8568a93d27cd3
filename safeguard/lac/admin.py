from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import PostcodeLocation


@admin.register(PostcodeLocation)
class PostcodeLocationAdmin(SimpleHistoryAdmin):
    """Reference postcodes for placement distance and area; saving re-derives every placement's values."""

    list_display = ["postcode", "la_code", "easting", "northing"]
    list_filter = ["la_code"]
    search_fields = ["postcode"]

    def get_actions(self, request):
        # Bulk delete would skip the service and leave derived distances stale.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        # The postcode is the key: a different postcode is a new row.
        return ["postcode"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = services.postcode_location_save(
            postcode=obj.postcode, easting=obj.easting, northing=obj.northing, la_code=obj.la_code
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.postcode_location_remove(postcode=obj.postcode)
