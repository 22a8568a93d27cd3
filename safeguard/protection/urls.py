from django.urls import path

from . import views

app_name = "protection"
urlpatterns = [
    path("children/<int:person_id>/", views.child, name="child"),
    path(
        "children/<int:person_id>/strategy-discussions/new/",
        views.strategy_discussion_new,
        name="strategy_discussion_new",
    ),
    path(
        "children/<int:person_id>/strategy-discussions/<int:discussion_id>/",
        views.strategy_discussion,
        name="strategy_discussion",
    ),
    path("children/<int:person_id>/section-47/<int:section47_id>/", views.section47, name="section47"),
    path("children/<int:person_id>/plans/<int:cp_plan_id>/", views.plan, name="plan"),
    path("children/<int:person_id>/orders/new/", views.protective_order_new, name="order_new"),
]
