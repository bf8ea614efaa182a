"""The bell: a member's own notifications in the group (list, open, mark read). Nobody sees anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bns import selectors
from bns.access import membership_require
from bns.permissions import Perm
from bns.services.notifications import notification_mark_read
from bns.views.utils import paginate, querystring_without_page


def notification_safe_url(tenant, url: str) -> str | None:
    """The notification's link when it is a page of this group ("/g/<slug>/..."), else None: never an open redirect."""
    url = (url or "").strip()
    prefix = f"/g/{tenant.slug}/"
    if not url.startswith(prefix) or "//" in url or "\\" in url or any(ord(c) < 32 for c in url):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return None
    return url


@require_GET
def notification_list(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.notification_list(tenant=request.tenant, recipient=request.user, unread_only=unread_only))
    return render(
        request,
        "bns/notifications/list.html",
        {"page": page, "unread_only": unread_only, "querystring": querystring_without_page(request)},
    )


@require_GET
def notification_open(request, tenant_slug: str, pk):
    """Mark the notification read and go to what it is about (a page of this group only)."""
    membership_require(request.membership, Perm.VIEW_GROUP)
    notification = selectors.notification_get_for(tenant=request.tenant, recipient=request.user, pk=pk)
    if notification.read_at is None:
        notification_mark_read(tenant=request.tenant, recipient=request.user, notification_ids=[notification.pk])
    target = notification_safe_url(request.tenant, notification.url)
    if target is None:
        return redirect("notification_list", tenant_slug=request.tenant.slug)
    return redirect(target)


@require_POST
def notification_mark_one_read(request, tenant_slug: str, pk):
    membership_require(request.membership, Perm.VIEW_GROUP)
    notification = selectors.notification_get_for(tenant=request.tenant, recipient=request.user, pk=pk)
    notification_mark_read(tenant=request.tenant, recipient=request.user, notification_ids=[notification.pk])
    return redirect("notification_list", tenant_slug=request.tenant.slug)


@require_POST
def notification_mark_all_read(request, tenant_slug: str):
    membership_require(request.membership, Perm.VIEW_GROUP)
    count = notification_mark_read(tenant=request.tenant, recipient=request.user)
    if count:
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notification_list", tenant_slug=request.tenant.slug)
