from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChildPopulation


@admin.register(ChildPopulation)
class ChildPopulationAdmin(SimpleHistoryAdmin):
    list_display = ["year", "children", "source"]
