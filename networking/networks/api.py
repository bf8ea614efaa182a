"""REST API of the real-world networks, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Same rules as the pages: every member using the networking reads the directory, memberships and events; the
directory and the policy are changed with the manage-networks permission; a membership or an attendance is
declared by the employee themself; contacts met are recorded by the attendee and become their own relationships
(only they list them). Writes go through networking.networks.services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from networking.models import EventAttendance, Network, NetworkEvent, NetworkMembership, NetworkTarget
from networking.networks import coordination, selectors, services
from networking.networks import serializers as s
from networking.networks.contacts_met import attendee_of
from networking.networks.selectors import GROUP_WIDE_FIRST

COORDINATION_ROWS = 200  # per list in the summary; the totals say how many there are


def _pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= s.ID_MAX:
        raise Http404
    return value


class NetworksViewSet(TenantGenericViewSet):
    """Members using the networking; finer rules (own membership, event creator...) in the services."""

    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    filter_backends: list = []
    write_serializers: dict = {}

    def get_serializer_class(self):
        return self.write_serializers.get(self.action, self.serializer_class)

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- Networks -------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The group's directory of real-world networks", parameters=[s.NetworkFilterSerializer]),
    retrieve=extend_schema(summary="One network"),
    create=extend_schema(summary="Add a network to the directory (manage-networks permission)",
                         description="One network per name and city in the group (400 otherwise). The fee is 0 or more.",
                         request=s.NetworkWriteSerializer, responses={201: s.NetworkSerializer}),
    partial_update=extend_schema(summary="Change a network (manage-networks permission)",
                                 request=s.NetworkUpdateSerializer, responses=s.NetworkSerializer),
)
class NetworkViewSet(NetworksViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Network.unscoped.none()
    serializer_class = s.NetworkSerializer
    filter_serializer_class = s.NetworkFilterSerializer
    write_perm = Perm.MANAGE_NETWORKS
    write_serializers = {"create": s.NetworkWriteSerializer, "partial_update": s.NetworkUpdateSerializer}

    def list_queryset(self, tenant, filters):
        return selectors.network_list(tenant=tenant, search=filters.get("search", ""), kind=filters.get("kind", ""),
                                      site_id=filters.get("site"), priority=filters.get("priority"),
                                      target=filters.get("target", ""), include_inactive=filters.get("include_inactive", False))

    def object_get(self, tenant, pk):
        found = selectors.network_list(tenant=tenant, include_inactive=True).filter(pk=_pk(pk)).first()
        if found is None:
            raise Http404
        return found

    def create(self, request, *args, **kwargs):
        network = services.network_create(tenant=self.tenant, actor=request.user, **self._validated(s.NetworkWriteSerializer))
        return Response(s.NetworkSerializer(self.refetch(network)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        network = self.get_object()
        services.network_update(tenant=self.tenant, actor=request.user, network=network,
                                **self._validated(s.NetworkUpdateSerializer, partial=True))
        return Response(s.NetworkSerializer(self.refetch(network)).data)

    @extend_schema(summary="Take a network out of the directory (manage-networks permission)",
                   description="Kept with its history; PATCH is_active=true reactivates it. 400 when already inactive.",
                   request=None, responses=s.NetworkSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        network = services.network_deactivate(tenant=self.tenant, actor=request.user, network=self.get_object())
        return Response(s.NetworkSerializer(self.refetch(network)).data)


# --- Memberships ----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Memberships of the group's employees in real-world networks",
                       parameters=[s.NetworkMembershipFilterSerializer]),
    retrieve=extend_schema(summary="One membership"),
    create=extend_schema(
        summary="Declare a membership (yourself; anyone with the manage-networks permission)",
        description="Role member, board or lead; since; whether the company pays the fee. A membership that had ended "
                    "starts again. 400 when already an active member.",
        request=s.NetworkMembershipCreateSerializer, responses={201: s.NetworkMembershipSerializer},
    ),
    partial_update=extend_schema(summary="Change a membership (the member, or the manage-networks permission)",
                                 request=s.NetworkMembershipUpdateSerializer, responses=s.NetworkMembershipSerializer),
)
class MembershipViewSet(NetworksViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = NetworkMembership.unscoped.none()
    serializer_class = s.NetworkMembershipSerializer
    filter_serializer_class = s.NetworkMembershipFilterSerializer
    write_serializers = {"create": s.NetworkMembershipCreateSerializer, "partial_update": s.NetworkMembershipUpdateSerializer,
                         "end": s.NetworkMembershipEndSerializer}

    def list_queryset(self, tenant, filters):
        return selectors.membership_list(tenant=tenant, network_id=filters.get("network"), employee_id=filters.get("employee"),
                                         active=filters.get("active"))

    def object_get(self, tenant, pk):
        return selectors.membership_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        row = services.network_membership_add(tenant=self.tenant, actor=request.user, **self._validated(s.NetworkMembershipCreateSerializer))
        return Response(s.NetworkMembershipSerializer(self.refetch(row)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        services.network_membership_update(tenant=self.tenant, actor=request.user, membership=row,
                                           **self._validated(s.NetworkMembershipUpdateSerializer, partial=True))
        return Response(s.NetworkMembershipSerializer(self.refetch(row)).data)

    @extend_schema(summary="End a membership (the member, or the manage-networks permission)",
                   description="Ended today unless ended_on is given. 400 when it has already ended.",
                   request=s.NetworkMembershipEndSerializer, responses=s.NetworkMembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        row = self.get_object()
        data = self._validated(s.NetworkMembershipEndSerializer)
        services.network_membership_end(tenant=self.tenant, actor=request.user, membership=row, ended_on=data.get("ended_on"))
        return Response(s.NetworkMembershipSerializer(self.refetch(row)).data)


# --- Targets: the networking policy ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The networking policy: target networks per dealership or group-wide, with their leads",
                       description="Each target says whether it is covered: an active member in scope and an active lead.",
                       parameters=[s.NetworkTargetFilterSerializer]),
    retrieve=extend_schema(summary="One target network"),
    create=extend_schema(
        summary="Make a network a target of the group or of a dealership (manage-networks permission)",
        description="Setting an existing target again changes its lead and note (200); a new one answers 201.",
        request=s.NetworkTargetCreateSerializer, responses={201: s.NetworkTargetSerializer, 200: s.NetworkTargetSerializer},
    ),
    partial_update=extend_schema(summary="Change a target's lead or note (manage-networks permission)",
                                 request=s.NetworkTargetUpdateSerializer, responses=s.NetworkTargetSerializer),
    destroy=extend_schema(summary="The network is no longer a target there (manage-networks permission)"),
)
class TargetViewSet(NetworksViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = NetworkTarget.unscoped.none()
    serializer_class = s.NetworkTargetSerializer
    filter_serializer_class = s.NetworkTargetFilterSerializer
    read_perm = Perm.VIEW_NETWORKING
    write_perm = Perm.MANAGE_NETWORKS
    write_serializers = {"create": s.NetworkTargetCreateSerializer, "partial_update": s.NetworkTargetUpdateSerializer}

    def list_queryset(self, tenant, filters):
        qs = coordination.targets_annotated(tenant=tenant)
        if filters.get("network"):
            qs = qs.filter(network_id=filters["network"])
        if filters.get("site"):
            qs = qs.filter(site_id=filters["site"])
        if filters.get("covered") is not None:
            qs = qs.filter(covered=filters["covered"])
        return qs.order_by(GROUP_WIDE_FIRST, "network__name", "pk")

    def object_get(self, tenant, pk):
        return selectors.target_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        target, created = services.network_target_set(tenant=self.tenant, actor=request.user, **self._validated(s.NetworkTargetCreateSerializer))
        return Response(s.NetworkTargetSerializer(self.refetch(target)).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        services.network_target_update(tenant=self.tenant, actor=request.user, target=target,
                                       **self._validated(s.NetworkTargetUpdateSerializer, partial=True))
        return Response(s.NetworkTargetSerializer(self.refetch(target)).data)

    def destroy(self, request, *args, **kwargs):
        services.network_target_remove(tenant=self.tenant, actor=request.user, target=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Events ---------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Network events, upcoming first, with attendee and contacts-met counts",
                       parameters=[s.NetworkEventFilterSerializer]),
    retrieve=extend_schema(summary="One event, with its attendees", responses=s.NetworkEventDetailSerializer),
    create=extend_schema(summary="Log an event (any member; the network is optional)",
                         request=s.NetworkEventCreateSerializer, responses={201: s.NetworkEventDetailSerializer}),
    partial_update=extend_schema(summary="Change an event (its creator, or the manage-networks permission)",
                                 request=s.NetworkEventUpdateSerializer, responses=s.NetworkEventDetailSerializer),
)
class EventViewSet(NetworksViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = NetworkEvent.unscoped.none()
    serializer_class = s.NetworkEventSerializer
    filter_serializer_class = s.NetworkEventFilterSerializer
    write_serializers = {"create": s.NetworkEventCreateSerializer, "partial_update": s.NetworkEventUpdateSerializer,
                         "attend": s.NetworkEventAttendSerializer, "contacts_met": s.NetworkContactMetCreateSerializer}

    def list_queryset(self, tenant, filters):
        return selectors.event_list(tenant=tenant, membership=self.request.membership, search=filters.get("search", ""),
                                    network_id=filters.get("network"), when=filters.get("when", ""), mine=filters.get("mine", False))

    def object_get(self, tenant, pk):
        return selectors.event_get_for(tenant=tenant, pk=pk)

    def _present(self, event, code=status.HTTP_200_OK):
        event = self.object_get(self.tenant, event.pk)
        detail = selectors.event_detail(tenant=self.tenant, membership=self.request.membership, event=event)
        return Response(s.NetworkEventDetailSerializer(event, context={"detail": detail}).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def create(self, request, *args, **kwargs):
        event = services.network_event_create(tenant=self.tenant, actor=request.user, **self._validated(s.NetworkEventCreateSerializer))
        return self._present(event, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        services.network_event_update(tenant=self.tenant, actor=request.user, event=event,
                                      **self._validated(s.NetworkEventUpdateSerializer, partial=True))
        return self._present(event)

    @extend_schema(
        summary="\"I was there\": mark an attendance",
        description="Yourself by default; a colleague (employee) needs to be the event's creator or the manage-networks "
                    "permission. attended=false takes the mark back. 400 for an event that has not taken place yet.",
        request=s.NetworkEventAttendSerializer, responses=s.NetworkEventAttendanceSerializer,
    )
    @action(detail=True, methods=["post"])
    def attend(self, request, *args, **kwargs):
        event = self.get_object()
        data = self._validated(s.NetworkEventAttendSerializer)
        row = services.event_attendance_set(tenant=self.tenant, actor=request.user, event=event, employee=data.get("employee"),
                                            attended=data.get("attended", True))
        row = EventAttendance.unscoped.select_related("employee").get(pk=row.pk)
        return Response(s.NetworkEventAttendanceSerializer(row).data)

    @extend_schema(methods=["GET"], summary="Your own contacts met at this event",
                   description="Only the persons you recorded: the other attendees' contacts are theirs (a count on the event).",
                   responses=s.NetworkContactMetSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        summary="Record a person you met at this event: it becomes your own relationship",
        description="Only an attendee (mark your attendance first: 403 otherwise). The person is found or created by the "
                    "contacts services (deduplicated by e-mail, LinkedIn URL, or name + company; an erased person who "
                    "objected is refused with 400), then your relationship is created with the group's default "
                    "visibility unless you choose one, its context saying where you met. 201 when a new contact was "
                    "recorded at this event, 200 when it already was.",
        request=s.NetworkContactMetCreateSerializer,
        responses={201: s.NetworkContactMetResultSerializer, 200: s.NetworkContactMetResultSerializer,
                   403: OpenApiResponse(description="Not an attendee of this event.")},
    )
    @action(detail=True, methods=["get", "post"], url_path="contacts-met")
    def contacts_met(self, request, *args, **kwargs):
        event = self.get_object()
        membership = request.membership
        if request.method == "GET":
            rows = selectors.my_event_contacts(tenant=self.tenant, membership=membership, event=event)
            return Response(s.NetworkContactMetSerializer(rows, many=True).data)
        if not attendee_of(tenant=self.tenant, event=event, employee_id=membership.employee_id):
            raise PermissionDenied("Only the colleagues who attended record the persons they met there: mark your attendance first.")
        data = self._validated(s.NetworkContactMetCreateSerializer)
        try:
            result = services.event_contact_add(tenant=self.tenant, actor=request.user, event=event, **data)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        contact = selectors.my_event_contacts(tenant=self.tenant, membership=membership, event=event).get(pk=result.contact.pk)
        body = {"contact": contact, "relationship_created": result.relationship_created, "person_created": result.person_created,
                "already_recorded": result.already_recorded, "objected": result.objected}
        return Response(s.NetworkContactMetResultSerializer(body).data,
                        status=status.HTTP_200_OK if result.already_recorded else status.HTTP_201_CREATED)


# --- Coordination ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The coordination indicators of the group's presence in real-world networks",
        description=(
            "The share of target networks covered by an active member with a named lead (overall, group-wide and per "
            "dealership), the annual fees paid by the company, and three to-do lists: target networks not covered, "
            "uncoordinated overlaps (several active members, no lead) and memberships nobody attends (no event of the "
            f"network attended in the last {coordination.UNATTENDED_DAYS} days; recent_event_count 0: no event logged). "
            f"Each list gives at most {COORDINATION_ROWS} rows, and its total."
        ),
        responses=s.NetworkingCoordinationSerializer,
    ),
)
class CoordinationViewSet(NetworksViewSet):
    read_perm = Perm.VIEW_NETWORKING
    write_perm = Perm.MANAGE_NETWORKS
    serializer_class = s.NetworkingCoordinationSerializer
    pagination_class = None

    def list(self, request, *args, **kwargs):
        tenant = self.tenant
        coverage = coordination.target_coverage(tenant=tenant)
        uncovered = coordination.uncovered_targets(tenant=tenant)
        overlaps = coordination.uncoordinated_overlaps(tenant=tenant)
        unattended = coordination.memberships_unattended(tenant=tenant)
        body = {
            "coverage_percent": coverage.percent, "targets_total": coverage.total, "targets_covered": coverage.covered,
            "group_wide": coverage.group_wide, "sites": coverage.sites, "paid_fees_total": coverage.paid_fees_total,
            "paid_memberships": coverage.paid_memberships, "paid_memberships_without_fee": coverage.paid_memberships_without_fee,
            "window_days": coordination.UNATTENDED_DAYS,
            "uncovered_targets": uncovered[:COORDINATION_ROWS], "uncovered_targets_total": uncovered.count(),
            "overlaps": overlaps[:COORDINATION_ROWS], "overlaps_total": overlaps.count(),
            "unattended": unattended[:COORDINATION_ROWS], "unattended_total": unattended.count(),
        }
        return Response(s.NetworkingCoordinationSerializer(body).data)
