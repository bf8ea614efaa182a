"""The bell in the API: GET /api/v1/g/<slug>/notifications/ (your own, ?unread=true) and
POST /api/v1/g/<slug>/notifications/mark-read/ ({"ids": [...]} or {"all": true})."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from bns import selectors
from bns.api_base import TenantGenericViewSet
from bns.models import Notification
from bns.permissions import Perm
from bns.services.notifications import notification_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "verb", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, help_text=_("true: only the unread ones."))


class NotificationMarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=1000,
        help_text=_("The notifications to mark read (yours; other ids are ignored)."),
    )
    all = serializers.BooleanField(required=False, default=False, help_text=_("true: mark all your notifications read."))

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("ids"):
            raise serializers.ValidationError(_("Give the ids to mark read, or all: true."))
        return attrs


class NotificationMarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many changed from unread to read."))
    unread = serializers.IntegerField(help_text=_("How many remain unread."))


@extend_schema_view(list=extend_schema(summary="Your notifications in the group", parameters=[NotificationFilterSerializer]))
class NotificationViewSet(TenantGenericViewSet, mixins.ListModelMixin):
    """Your own notifications (the bell), never anyone else's."""

    read_perm = Perm.VIEW_GROUP
    write_perm = Perm.VIEW_GROUP
    queryset = Notification.unscoped.none()
    serializer_class = NotificationSerializer
    filter_serializer_class = NotificationFilterSerializer
    filter_backends: list = []

    def list_queryset(self, tenant, filters):
        return selectors.notification_list(tenant=tenant, recipient=self.request.user, unread_only=bool(filters.get("unread")))

    @extend_schema(summary="Mark notifications read", request=NotificationMarkReadSerializer,
                   responses=NotificationMarkReadResultSerializer)
    @action(detail=False, methods=["post"], url_path="mark-read", serializer_class=NotificationMarkReadSerializer)
    def mark_read(self, request, *args, **kwargs):
        serializer = NotificationMarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = None if serializer.validated_data.get("all") else serializer.validated_data["ids"]
        marked = notification_mark_read(tenant=self.tenant, recipient=request.user, notification_ids=ids)
        unread = selectors.notification_unread_count(tenant=self.tenant, recipient=request.user)
        return Response(NotificationMarkReadResultSerializer({"marked": marked, "unread": unread}).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("notifications", NotificationViewSet, basename="api-notification")
