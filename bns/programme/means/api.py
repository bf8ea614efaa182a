"""REST API of step 5 (means), under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads (Perm.VIEW_PROGRAMME); the services let only the programme's editors write (Perm.MANAGE_PROGRAMME or
the iteration's process owner): others get 403. Lists show the current iteration unless ``?programme=`` names another.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from bns.programme.access import programme_get_for
from bns.programme.means import budget, budget_services, selectors, services
from bns.programme.means import serializers as s
from bns.programme.models import ActionRole, BudgetLine, ProgrammeAction
from bns.programme.strategy.api import ProgrammeViewSet, programme_current_or_400


@extend_schema_view(
    list=extend_schema(summary="Actions of an iteration (the current one by default), with their budget and RACI",
                       parameters=[s.ProgrammeActionFilterSerializer]),
    retrieve=extend_schema(summary="One action"),
    create=extend_schema(summary="Add an action (programme editors)", request=s.ProgrammeActionCreateSerializer,
                         responses={201: s.ProgrammeActionSerializer}),
    partial_update=extend_schema(summary="Change an action, its status included (programme editors)",
                                 request=s.ProgrammeActionUpdateSerializer, responses=s.ProgrammeActionSerializer),
    destroy=extend_schema(summary="Delete an action (programme editors); its budget lines stay, without an action"),
)
class ProgrammeActionViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ProgrammeAction.unscoped.none()
    serializer_class = s.ProgrammeActionSerializer
    filter_serializer_class = s.ProgrammeActionFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return ProgrammeAction.unscoped.none()
        return selectors.action_list(tenant=tenant, programme_id=programme_id, kind=filters.get("kind", ""),
                                     status=filters.get("status", ""), owner_id=filters.get("owner"),
                                     search=filters.get("search", ""), with_roles=True)

    def object_get(self, tenant, pk):
        return selectors.action_get_for(tenant=tenant, pk=pk)

    def _present(self, action, code=status.HTTP_200_OK):
        return Response(s.ProgrammeActionSerializer(self.refetch(action)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ProgrammeActionCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        return self._present(services.programme_action_create(tenant=self.tenant, actor=request.user, programme=programme, **data),
                             status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        data = self._validated(s.ProgrammeActionUpdateSerializer, partial=True)
        return self._present(services.programme_action_update(tenant=self.tenant, actor=request.user, action=action, **data))

    def destroy(self, request, *args, **kwargs):
        services.programme_action_delete(tenant=self.tenant, actor=request.user, action=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="RACI roles (filter by iteration, action or employee)", parameters=[s.ActionRoleFilterSerializer]),
    retrieve=extend_schema(summary="One RACI role"),
    create=extend_schema(
        summary="Give an employee a role on an action (programme editors)",
        description="R, C and I: as many as needed; A: one per action (400 when the action already has one).",
        request=s.ActionRoleCreateSerializer, responses={201: s.ActionRoleSerializer},
    ),
    destroy=extend_schema(summary="Take a role back (programme editors)"),
)
class ActionRoleViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ActionRole.unscoped.none()
    serializer_class = s.ActionRoleSerializer
    filter_serializer_class = s.ActionRoleFilterSerializer

    def list_queryset(self, tenant, filters):
        return selectors.action_role_list(tenant=tenant, programme_id=filters.get("programme"), action_id=filters.get("action"),
                                          employee_id=filters.get("employee"))

    def object_get(self, tenant, pk):
        return selectors.action_role_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ActionRoleCreateSerializer)
        role = services.action_role_add(tenant=self.tenant, actor=request.user, **data)
        return Response(s.ActionRoleSerializer(self.refetch(role)).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.action_role_remove(tenant=self.tenant, actor=request.user, role=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Budget lines of an iteration (the current one by default)", parameters=[s.BudgetLineFilterSerializer]),
    retrieve=extend_schema(summary="One budget line"),
    create=extend_schema(summary="Add a budget line (programme editors)", request=s.BudgetLineCreateSerializer,
                         responses={201: s.BudgetLineSerializer}),
    partial_update=extend_schema(summary="Change a budget line (programme editors)", request=s.BudgetLineUpdateSerializer,
                                 responses=s.BudgetLineSerializer),
    destroy=extend_schema(summary="Delete a budget line (programme editors)"),
)
class BudgetLineViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = BudgetLine.unscoped.none()
    serializer_class = s.BudgetLineSerializer
    filter_serializer_class = s.BudgetLineFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return BudgetLine.unscoped.none()
        return selectors.budget_line_list(tenant=tenant, programme_id=programme_id, action_id=filters.get("action"))

    def object_get(self, tenant, pk):
        return selectors.budget_line_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.BudgetLineCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        line = budget_services.budget_line_create(tenant=self.tenant, actor=request.user, programme=programme, **data)
        return Response(s.BudgetLineSerializer(self.refetch(line)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        line = self.get_object()
        data = self._validated(s.BudgetLineUpdateSerializer, partial=True)
        line = budget_services.budget_line_update(tenant=self.tenant, actor=request.user, line=line, **data)
        return Response(s.BudgetLineSerializer(self.refetch(line)).data)

    def destroy(self, request, *args, **kwargs):
        budget_services.budget_line_delete(tenant=self.tenant, actor=request.user, line=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetSummaryViewSet(ProgrammeViewSet):
    queryset = BudgetLine.unscoped.none()
    serializer_class = s.BudgetSummarySerializer
    filter_serializer_class = s.BudgetFilterSerializer

    def list_queryset(self, tenant, filters):  # a summary, not a list (the browsable API may still ask)
        return BudgetLine.unscoped.none()

    @extend_schema(
        summary="The iteration's budget: totals, per action type, the net saving or cost, and the tool licences",
        description=budget.__doc__,
        parameters=[s.BudgetFilterSerializer], responses=s.BudgetSummarySerializer,
    )
    def list(self, request, *args, **kwargs):
        programme_id = self._programme_id(self.list_filters())
        if programme_id is None:
            raise Http404
        programme = programme_get_for(tenant=self.tenant, pk=programme_id)
        return Response(s.BudgetSummarySerializer(budget.budget_summary(tenant=self.tenant, programme=programme)).data)
