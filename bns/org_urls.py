from django.urls import path

from bns.views import org

urlpatterns = [
    path("sites/", org.site_list, name="site_list"),
    path("sites/new/", org.site_create, name="site_create"),
    path("sites/<int:pk>/edit/", org.site_edit, name="site_edit"),
    path("sites/<int:pk>/delete/", org.site_delete, name="site_delete"),
]
urlpatterns += [
    path("employees/", org.employee_list, name="employee_list"),
    path("departments/", org.department_list, name="department_list"),
]
