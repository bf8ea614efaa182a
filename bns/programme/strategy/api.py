"""REST API of step 4 (strategy), under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads (Perm.VIEW_PROGRAMME); finer rules are the services': the editors (Perm.MANAGE_PROGRAMME or the
process owner) write options and retain one, members answering the self-assessment challenge them, only
Perm.MANAGE_PROGRAMME reopens a decision.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from bns.programme.access import programme_current
from bns.programme.models import StrategyChallenge, StrategyOption
from bns.programme.strategy import selectors, services
from bns.programme.strategy import serializers as s
from bns.programme.strategy.common import current_programme_id


class ProgrammeViewSet(TenantGenericViewSet):
    read_perm = Perm.VIEW_PROGRAMME
    write_perm = Perm.VIEW_PROGRAMME  # the services check who may write what
    filter_backends: list = []

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _programme_id(self, filters: dict):
        if filters.get("programme"):
            return filters["programme"]
        return current_programme_id(tenant=self.tenant)


def programme_current_or_400(tenant):
    programme = programme_current(tenant=tenant)
    if programme is None:
        raise ValidationError({"programme": [_("The group has not started its BNS programme yet.")]})
    return programme


@extend_schema_view(
    list=extend_schema(summary="Strategy options of an iteration (the current one by default), with their challenge figures",
                       parameters=[s.StrategyOptionFilterSerializer]),
    retrieve=extend_schema(summary="One strategy option"),
    create=extend_schema(summary="Add a candidate option (programme editors)", request=s.StrategyOptionCreateSerializer,
                         responses={201: s.StrategyOptionSerializer}),
    partial_update=extend_schema(summary="Change an option's texts, cost, feasibility or a decided option's rationale (editors)",
                                 request=s.StrategyOptionUpdateSerializer, responses=s.StrategyOptionSerializer),
    destroy=extend_schema(summary="Delete an option still under discussion (editors)"),
)
class StrategyOptionViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = StrategyOption.unscoped.none()
    serializer_class = s.StrategyOptionSerializer
    filter_serializer_class = s.StrategyOptionFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return StrategyOption.unscoped.none()
        return selectors.strategy_option_list(tenant=tenant, programme_id=programme_id, status=filters.get("status", ""))

    def object_get(self, tenant, pk):
        return selectors.strategy_option_get_for(tenant=tenant, pk=pk)

    def _present(self, option, code=status.HTTP_200_OK):
        return Response(s.StrategyOptionSerializer(self.refetch(option)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.StrategyOptionCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        option = services.strategy_option_create(tenant=self.tenant, actor=request.user, programme=programme, **data)
        return self._present(option, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        option = self.get_object()
        data = self._validated(s.StrategyOptionUpdateSerializer, partial=True)
        return self._present(services.strategy_option_update(tenant=self.tenant, actor=request.user, option=option, **data))

    def destroy(self, request, *args, **kwargs):
        services.strategy_option_delete(tenant=self.tenant, actor=request.user, option=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Retain this option for its iteration (editors)",
        description=(
            "The option becomes retained with its rationale (required); every other option of the iteration becomes "
            "rejected with its own reason (rejection_reasons by option id, else “Not retained: <title> was preferred”). "
            "Exactly one option is retained per iteration: 400 when another one already is (reopen the decision first)."
        ),
        request=s.StrategyRetainSerializer, responses=s.StrategyOptionSerializer,
    )
    @action(detail=True, methods=["post"])
    def retain(self, request, *args, **kwargs):
        option = self.get_object()
        data = self._validated(s.StrategyRetainSerializer)
        option = services.strategy_option_retain(tenant=self.tenant, actor=request.user, option=option, rationale=data["rationale"],
                                                 rejection_reasons=data.get("rejection_reasons") or {})
        return self._present(option)

    @extend_schema(summary="Challenge this option: a comment and an optional score 1-5",
                   description="Programme editors and members who answer the self-assessment (executives, managers...).",
                   request=s.StrategyChallengeWriteSerializer, responses={201: s.StrategyChallengeSerializer})
    @action(detail=True, methods=["post"])
    def challenge(self, request, *args, **kwargs):
        option = self.get_object()
        data = self._validated(s.StrategyChallengeWriteSerializer)
        challenge = services.strategy_challenge_add(tenant=self.tenant, actor=request.user, option=option, **data)
        challenge = selectors.strategy_challenge_get_for(tenant=self.tenant, pk=challenge.pk)
        return Response(s.StrategyChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Reopen the decision of this option's iteration (MANAGE_PROGRAMME only)",
                   description="Every option of the iteration goes back under discussion; the body is ignored.",
                   request=None, responses=s.ReopenResultSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        option = self.get_object()
        count = services.strategy_option_reopen(tenant=self.tenant, actor=request.user, programme=option.programme)
        return Response({"reopened": count})


@extend_schema_view(
    list=extend_schema(summary="Challenges of the strategy options (filter by iteration or option)",
                       parameters=[s.StrategyChallengeFilterSerializer]),
    retrieve=extend_schema(summary="One challenge"),
    create=extend_schema(summary="Challenge an option (editors and members who answer the self-assessment)",
                         request=s.StrategyChallengeCreateSerializer, responses={201: s.StrategyChallengeSerializer}),
)
class StrategyChallengeViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = StrategyChallenge.unscoped.none()
    serializer_class = s.StrategyChallengeSerializer
    filter_serializer_class = s.StrategyChallengeFilterSerializer

    def list_queryset(self, tenant, filters):
        return selectors.strategy_challenge_list(tenant=tenant, programme_id=filters.get("programme"), option_id=filters.get("option"))

    def object_get(self, tenant, pk):
        return selectors.strategy_challenge_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.StrategyChallengeCreateSerializer)
        challenge = services.strategy_challenge_add(tenant=self.tenant, actor=request.user, **data)
        return Response(s.StrategyChallengeSerializer(self.refetch(challenge)).data, status=status.HTTP_201_CREATED)

