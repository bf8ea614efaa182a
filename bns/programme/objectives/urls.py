"""Pages of the objectives and KPIs, under /g/<tenant_slug>/programme/objectives/."""

from django.urls import path

from bns.programme.objectives import kpi_views, views

urlpatterns = [
    path("", views.objectives_list, name="programme_objectives"),
    path("new/", views.objective_create, name="programme_objective_create"),
    path("export.csv", views.objectives_export, name="programme_objectives_export"),
    path("<int:pk>/", views.objective_detail, name="programme_objective_detail"),
    path("<int:pk>/edit/", views.objective_edit, name="programme_objective_edit"),
    path("<int:pk>/delete/", views.objective_delete, name="programme_objective_delete"),
    path("kpis/", kpi_views.kpis_list, name="programme_kpis"),
    path("kpis/new/", kpi_views.kpi_create, name="programme_kpi_create"),
    path("kpis/export.csv", kpi_views.kpis_export, name="programme_kpis_export"),
    path("kpis/<int:pk>/", kpi_views.kpi_detail, name="programme_kpi_detail"),
    path("kpis/<int:pk>/edit/", kpi_views.kpi_edit, name="programme_kpi_edit"),
    path("kpis/<int:pk>/delete/", kpi_views.kpi_delete, name="programme_kpi_delete"),
    path("kpis/<int:pk>/values/new/", kpi_views.kpi_value_record, name="programme_kpi_value_record"),
    path("kpis/<int:pk>/measure/", kpi_views.kpi_measure, name="programme_kpi_measure"),
    path("kpis/values/<int:pk>/delete/", kpi_views.kpi_value_delete, name="programme_kpi_value_delete"),
]
