from django.urls import path

from bns.views import org

urlpatterns = [
    path("sites/", org.site_list, name="site_list"),
    path("sites/new/", org.site_create, name="site_create"),
    path("sites/<int:pk>/edit/", org.site_edit, name="site_edit"),
    path("sites/<int:pk>/delete/", org.site_delete, name="site_delete"),
    path("departments/", org.department_list, name="department_list"),
    path("departments/new/", org.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", org.department_edit, name="department_edit"),
    path("departments/<int:pk>/delete/", org.department_delete, name="department_delete"),
    path("employees/", org.employee_list, name="employee_list"),
    path("employees/new/", org.employee_create, name="employee_create"),
    path("employees/export.csv", org.employee_export, name="employee_export"),
    path("employees/import/", org.employee_import, name="employee_import"),
    path("employees/import/template.csv", org.employee_import_template, name="employee_import_template"),
    path("employees/<int:pk>/", org.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", org.employee_edit, name="employee_edit"),
    path("employees/<int:pk>/toggle-active/", org.employee_toggle_active, name="employee_toggle_active"),
]
