from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SchoolTerm


@admin.register(SchoolTerm)
class SchoolTermAdmin(SimpleHistoryAdmin):
    """Term dates drive when PEP reviews fall due; the authority corrects them to its published calendar."""

    list_display = ("name", "start_date", "end_date")
    ordering = ("-start_date",)
