"""REST API of social profiles, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Same rules as the pages: you see your own profiles, your team's through the manager line, everyone's with the
networking view permission; you change your own, administrators correct anyone's, the manager line reads only
(403). Another group's profile, or one you may not see, answers 404. Writes go through
networking.profiles.services, which checks the address for its platform and recomputes the completeness.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from networking.models import SocialProfile
from networking.profiles import selectors, services
from networking.profiles import serializers as s

_VISIBLE = ("Your own profiles; your team's (your reports, direct and indirect); everyone's in the group with the "
            "networking view permission (executives, site directors, administrators, consultants).")


@extend_schema_view(
    list=extend_schema(summary="Social profiles you may see, with completeness and next steps", description=_VISIBLE,
                       parameters=[s.SocialProfileFilterSerializer]),
    retrieve=extend_schema(summary="One social profile, with completeness and next steps"),
    create=extend_schema(
        summary="Record a social profile (your own; anyone's for administrators)",
        description="One per employee and platform. The address is checked for its platform and stored in its canonical "
                    "form; the completeness is computed from the checklist and the positioning statement.",
        request=s.SocialProfileCreateSerializer, responses={201: s.SocialProfileSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a social profile: address, audience, date checked, checklist items, positioning",
        description="Its owner or an administrator; the manager line reads only (403). Checklist items sent are set, "
                    "the others keep their value. The platform does not change (remove the profile and add another).",
        request=s.SocialProfileUpdateSerializer, responses=s.SocialProfileSerializer,
    ),
    destroy=extend_schema(summary="Remove a social profile (its owner or an administrator)"),
)
class SocialProfileViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING  # finer rules (owner, administrator) in the services
    queryset = SocialProfile.unscoped.none()
    serializer_class = s.SocialProfileSerializer
    filter_serializer_class = s.SocialProfileFilterSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return {"create": s.SocialProfileCreateSerializer, "partial_update": s.SocialProfileUpdateSerializer}.get(
            self.action, s.SocialProfileSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.social_profile_visible(tenant=tenant, membership=self.request.membership,
                                                employee_id=filters.get("employee"), platform=filters.get("platform", ""))

    def object_get(self, tenant, pk):
        return selectors.social_profile_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _present(self, profile, code=status.HTTP_200_OK):
        data = s.SocialProfileSerializer(self.refetch(profile), context=self.get_serializer_context()).data
        return Response(data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.SocialProfileCreateSerializer)
        employee = data.pop("employee", None) or request.membership.employee
        if employee is None:
            raise ValidationError({"employee": [_("Your account is not linked to an employee: say whose profile it is.")]})
        profile = services.social_profile_create(tenant=self.tenant, actor=request.user, employee=employee, **data)
        return self._present(profile, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        profile = self.get_object()
        data = self._validated(s.SocialProfileUpdateSerializer, partial=True)
        return self._present(services.social_profile_update(tenant=self.tenant, actor=request.user, profile=profile, **data))

    def destroy(self, request, *args, **kwargs):
        services.social_profile_delete(tenant=self.tenant, actor=request.user, profile=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="The checklist of each platform, and the address expected",
        description="A profile's completeness is (ticked items + 1 if a positioning statement is written) / (items + 1), "
                    "as a whole percentage. An employee's is the mean of their profiles, a missing LinkedIn profile "
                    "counting as one at 0 %.",
        responses=s.PlatformChecklistSerializer(many=True),
    ),
)
class SocialProfileChecklistViewSet(TenantGenericViewSet, mixins.ListModelMixin):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    queryset = SocialProfile.unscoped.none()
    serializer_class = s.PlatformChecklistSerializer
    filter_backends: list = []
    pagination_class = None

    def list_queryset(self, tenant, filters):
        return SocialProfile.unscoped.none()  # the definitions are code, not rows (the browsable API still asks)

    def list(self, request, *args, **kwargs):
        return Response(s.PlatformChecklistSerializer(s.checklist_definitions(), many=True).data)
