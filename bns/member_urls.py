from django.shortcuts import render
from django.urls import path

from bns.access import membership_require
from bns.permissions import Perm


# Placeholders until the members pages land.
def membership_list(request, tenant_slug):
    membership_require(request.membership, Perm.MANAGE_MEMBERS)
    return render(request, "base.html")


def tenant_settings(request, tenant_slug):
    membership_require(request.membership, Perm.MANAGE_POLICY)
    return render(request, "base.html")


urlpatterns: list = [
    path("members/", membership_list, name="membership_list"),
    path("settings/", tenant_settings, name="tenant_settings"),
]
