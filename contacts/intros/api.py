"""REST API of introductions, under /api/v1/g/<tenant_slug>/intros/ (see bns.api_base for the tenant checks).

Only the two sides of a request see it (anyone else, whatever their role: 404); writes go through
contacts.intros.services, exactly like the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from contacts.intros import selectors, services
from contacts.intros import serializers as s
from contacts.models import IntroEvent, IntroRequest


def _events():
    return Prefetch("events", queryset=IntroEvent.unscoped.select_related("actor").order_by("created_at", "pk"))


def _present(view, intro: IntroRequest, code=status.HTTP_200_OK) -> Response:
    intro = view.object_get(view.tenant, intro.pk)
    return Response(s.IntroRequestSerializer(intro, context={"request": view.request}).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Your introduction requests (received and sent)",
        description="Pending received requests come first with their deadline when ?box=received.",
        parameters=[s.IntroFilterSerializer],
    ),
    retrieve=extend_schema(summary="One introduction request with its history (its two sides only)",
                           responses=s.IntroRequestSerializer),
    create=extend_schema(
        summary="Ask a colleague for an introduction",
        description=(
            "Only through a DISCOVERABLE or SHARED relationship of a colleague (a PRIVATE one is refused like a missing "
            "id). The owner is notified and answers before the group's deadline."
        ),
        request=s.IntroRequestCreateSerializer,
        responses={201: s.IntroRequestSerializer},
    ),
)
class IntroRequestViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Introduction requests between colleagues: the owner of the relationship decides."""

    read_perm = Perm.USE_CONTACTS
    write_perm = Perm.USE_CONTACTS
    queryset = IntroRequest.unscoped.none()
    serializer_class = s.IntroRequestSerializer
    filter_serializer_class = s.IntroFilterSerializer
    filter_backends: list = []

    def get_serializer_class(self):
        return {
            "create": s.IntroRequestCreateSerializer,
            "accept": s.IntroAcceptSerializer,
            "decline": s.IntroDeclineSerializer,
            "follow_up": s.IntroFollowUpSerializer,
            "outcome": s.IntroOutcomeSerializer,
        }.get(self.action, s.IntroRequestSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.intro_requests_mine(
            tenant=tenant, membership=self.request.membership, box=filters.get("box", ""), status=filters.get("status", "")
        ).prefetch_related(_events())

    def object_get(self, tenant, pk):
        intro = selectors.intro_request_get_for(tenant=tenant, membership=self.request.membership, pk=pk)
        prefetch_related_objects([intro], _events())
        return intro

    def retrieve(self, request, *args, **kwargs):
        return _present(self, self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = s.IntroRequestCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            intro = services.intro_request_create(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        except PermissionDenied:
            raise Http404 from None  # PRIVATE: missing
        return _present(self, intro, status.HTTP_201_CREATED)

    def _act(self, serializer_class, call):
        intro = self.get_object()
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        call(intro, serializer.validated_data)
        return _present(self, intro)

    @extend_schema(summary="Accept (the owner)", request=s.IntroAcceptSerializer, responses=s.IntroRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        return self._act(s.IntroAcceptSerializer, lambda intro, data: services.intro_request_accept(
            tenant=self.tenant, actor=request.user, intro=intro, **data))

    @extend_schema(summary="Decline with a reason (the owner)", request=s.IntroDeclineSerializer,
                   responses=s.IntroRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        return self._act(s.IntroDeclineSerializer, lambda intro, data: services.intro_request_decline(
            tenant=self.tenant, actor=request.user, intro=intro, **data))

    @extend_schema(summary="Add a follow-up (the requester, once accepted)", request=s.IntroFollowUpSerializer,
                   responses=s.IntroRequestSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, *args, **kwargs):
        return self._act(s.IntroFollowUpSerializer, lambda intro, data: services.intro_request_follow_up(
            tenant=self.tenant, actor=request.user, intro=intro, **data))

    @extend_schema(summary="Record the outcome (the requester, once accepted)", request=s.IntroOutcomeSerializer,
                   responses=s.IntroRequestSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, *args, **kwargs):
        return self._act(s.IntroOutcomeSerializer, lambda intro, data: services.intro_request_record_outcome(
            tenant=self.tenant, actor=request.user, intro=intro, **data))
