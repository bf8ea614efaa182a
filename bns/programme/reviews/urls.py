"""Pages of step 7 (steering reviews), under /g/<tenant_slug>/programme/reviews/."""

from django.urls import path

from bns.programme.reviews import views

urlpatterns = [
    path("", views.programme_reviews, name="programme_reviews"),
    path("new/", views.programme_review_create, name="programme_review_create"),
    path("export/", views.programme_reviews_export, name="programme_reviews_export"),
    path("<int:pk>/", views.programme_review_detail, name="programme_review_detail"),
    path("<int:pk>/edit/", views.programme_review_edit, name="programme_review_edit"),
    path("<int:pk>/delete/", views.programme_review_delete, name="programme_review_delete"),
]
