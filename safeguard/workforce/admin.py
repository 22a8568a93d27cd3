from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Team, Worker


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service"]
    list_filter = ["service"]


@admin.register(Worker)
class WorkerAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "role", "team", "employment", "start_date", "end_date"]
    list_filter = ["role", "employment", "team__service"]
    search_fields = ["last_name", "first_name", "staff_id"]
    raw_id_fields = ["user"]
