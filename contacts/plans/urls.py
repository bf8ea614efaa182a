"""Pages of contacts/plans (included by contacts/urls.py under /g/<tenant_slug>/contacts/plans/)."""

from django.urls import path

from contacts.plans import affiliation_views, views

urlpatterns = [
    path("", views.plans_list, name="plans_list"),
    path("new/", views.plans_create, name="plans_create"),
    path("<int:pk>/", views.plans_detail, name="plans_detail"),
    path("<int:pk>/edit/", views.plans_edit, name="plans_edit"),
    path("<int:pk>/stakeholders.csv", views.plans_stakeholders_export, name="plans_stakeholders_export"),
    path("<int:pk>/stakeholders/new/", views.plans_stakeholder_add, name="plans_stakeholder_add"),
    path("<int:pk>/actions/new/", views.plans_action_create, name="plans_action_create"),
    path("stakeholders/<int:pk>/edit/", views.plans_stakeholder_edit, name="plans_stakeholder_edit"),
    path("stakeholders/<int:pk>/remove/", views.plans_stakeholder_remove, name="plans_stakeholder_remove"),
    path("stakeholders/<int:pk>/affiliations/", affiliation_views.plans_stakeholder_affiliations,
         name="plans_stakeholder_affiliations"),
    path("actions/<int:pk>/edit/", views.plans_action_edit, name="plans_action_edit"),
    path("actions/<int:pk>/complete/", views.plans_action_complete, name="plans_action_complete"),
    path("affiliations/", affiliation_views.plans_affiliation_list, name="plans_affiliation_list"),
    path("affiliations/mine/", affiliation_views.plans_affiliation_mine, name="plans_affiliation_mine"),
    path("affiliations/mine/<int:pk>/remove/", affiliation_views.plans_affiliation_mine_remove, name="plans_affiliation_mine_remove"),
    path("affiliations/<int:pk>/", affiliation_views.plans_affiliation_detail, name="plans_affiliation_detail"),
    path("affiliations/<int:pk>/merge/", affiliation_views.plans_affiliation_merge, name="plans_affiliation_merge"),
    path("affiliations/persons/<int:pk>/remove/", affiliation_views.plans_person_affiliation_remove,
         name="plans_person_affiliation_remove"),
]
