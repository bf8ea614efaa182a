"""REST API of account plans and affiliations, under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Same rules as the pages: every member using the contacts reads the plans; the plan's owner or the account-plans
permission edits them; what a plan says of our relationships is filtered for the caller (a PRIVATE relationship of
someone else is never shown, counted or scored); writes go through contacts.plans.services.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from contacts.plans import affiliation_selectors as aff
from contacts.plans import selectors, services
from contacts.plans import serializers as s
from contacts.plans.models import (
    AccountPlan,
    Affiliation,
    EmployeeAffiliation,
    PersonAffiliation,
    PlanAction,
    Stakeholder,
)


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


class PlansViewSet(TenantGenericViewSet):
    """Every member using the contacts; finer rules (plan owner, account-plans permission) in the services."""

    read_perm = Perm.USE_CONTACTS
    write_perm = Perm.USE_CONTACTS
    filter_backends: list = []

    def _validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- Plans ----------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the group's account plans, with their coverage",
        description=(
            "Coverage as you may know it: stakeholders with a relationship of strength 3 or more among the relationships "
            "you may know exist (yours, colleagues' discoverable or shared ones; never others' private ones)."
        ),
        parameters=[s.PlanFilterSerializer],
    ),
    retrieve=extend_schema(summary="One account plan, with its coverage"),
    create=extend_schema(
        summary="Create an account plan (account-plans permission)",
        description="The account becomes a target account. One open plan per account.",
        request=s.AccountPlanCreateSerializer, responses={201: s.AccountPlanSerializer},
    ),
    update=extend_schema(summary="Change a plan (its owner or the account-plans permission)",
                         request=s.AccountPlanUpdateSerializer, responses=s.AccountPlanSerializer),
    partial_update=extend_schema(summary="Change a plan (its owner or the account-plans permission)",
                                 request=s.AccountPlanUpdateSerializer, responses=s.AccountPlanSerializer),
)
class AccountPlanViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = AccountPlan.unscoped.none()
    serializer_class = s.AccountPlanSerializer
    filter_serializer_class = s.PlanFilterSerializer

    def get_serializer_class(self):
        return {"create": s.AccountPlanCreateSerializer, "update": s.AccountPlanUpdateSerializer,
                "partial_update": s.AccountPlanUpdateSerializer}.get(self.action, s.AccountPlanSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.plan_list(tenant=tenant, membership=self.request.membership, search=filters.get("search", ""),
                                   status=filters.get("status", ""), mine=filters.get("mine", False))

    def object_get(self, tenant, pk):
        plan = selectors.plan_list(tenant=tenant, membership=self.request.membership).filter(pk=_pk(pk)).first()
        if plan is None:
            raise Http404
        return plan

    def _present(self, plan, code=status.HTTP_200_OK):
        return Response(s.AccountPlanSerializer(self.object_get(self.tenant, plan.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.AccountPlanCreateSerializer)
        return self._present(services.account_plan_create(tenant=self.tenant, actor=request.user, **data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self._validated(s.AccountPlanUpdateSerializer, partial=kwargs.get("partial", False))
        return self._present(services.account_plan_update(tenant=self.tenant, actor=request.user, plan=plan, **data))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _board(self):
        plan = selectors.plan_get_for(tenant=self.tenant, pk=self.kwargs["pk"])
        return selectors.plan_board(tenant=self.tenant, membership=self.request.membership, plan=plan)

    @extend_schema(summary="A plan's coverage figures, as you may know them", responses=s.CoverageSerializer)
    @action(detail=True, methods=["get"])
    def coverage(self, request, *args, **kwargs):
        return Response(s.CoverageSerializer(self._board().coverage).data)

    @extend_schema(
        summary="Who could open each door: relationships, shared affiliations and whom to send, ranked",
        description=(
            "Per stakeholder: the relationships you may see in full (colleague and strength), the ones you only know "
            "exist (strength band and the relationship id to request an introduction, never who), the affiliations "
            "shared with our employees, and the ranked suggestions with their reasons (2 points per point of strength, "
            "3 per shared affiliation, 1 for working in the account's city)."
        ),
        responses=s.PlanSuggestionsSerializer,
    )
    @action(detail=True, methods=["get"])
    def suggestions(self, request, *args, **kwargs):
        return Response(s.PlanSuggestionsSerializer(self._board()).data)


# --- Stakeholders ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Stakeholders of the plans (filter by plan)", parameters=[s.StakeholderFilterSerializer]),
    retrieve=extend_schema(summary="One stakeholder"),
    create=extend_schema(
        summary="Add a stakeholder to a plan (its owner or the account-plans permission)",
        description="Only a person whose details you may see. The title defaults to the person's position.",
        request=s.StakeholderCreateSerializer, responses={201: s.StakeholderSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a stakeholder: title, level, buying role, stance, reports to (no loop), notes",
        request=s.StakeholderUpdateSerializer, responses=s.StakeholderSerializer,
    ),
    destroy=extend_schema(summary="Take a stakeholder off the plan"),
)
class StakeholderViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Stakeholder.unscoped.none()
    serializer_class = s.StakeholderSerializer
    filter_serializer_class = s.StakeholderFilterSerializer

    def get_serializer_class(self):
        return {"create": s.StakeholderCreateSerializer, "partial_update": s.StakeholderUpdateSerializer}.get(
            self.action, s.StakeholderSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.stakeholder_list(tenant=tenant, plan_id=filters.get("plan"))

    def object_get(self, tenant, pk):
        return selectors.stakeholder_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.StakeholderCreateSerializer)
        stakeholder = services.stakeholder_add(tenant=self.tenant, actor=request.user, **data)
        return Response(s.StakeholderSerializer(self.refetch(stakeholder)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        stakeholder = self.get_object()
        data = self._validated(s.StakeholderUpdateSerializer, partial=True)
        services.stakeholder_update(tenant=self.tenant, actor=request.user, stakeholder=stakeholder, **data)
        return Response(s.StakeholderSerializer(self.refetch(stakeholder)).data)

    def destroy(self, request, *args, **kwargs):
        services.stakeholder_remove(tenant=self.tenant, actor=request.user, stakeholder=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Actions --------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Actions of the plans (to do first, by due date)", parameters=[s.PlanActionFilterSerializer]),
    retrieve=extend_schema(summary="One action"),
    create=extend_schema(summary="Add an action to a plan (its owner or the account-plans permission)",
                         request=s.PlanActionCreateSerializer, responses={201: s.PlanActionSerializer}),
    partial_update=extend_schema(summary="Change an action (plan editors, or the action's owner)",
                                 request=s.PlanActionUpdateSerializer, responses=s.PlanActionSerializer),
)
class PlanActionViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = PlanAction.unscoped.none()
    serializer_class = s.PlanActionSerializer
    filter_serializer_class = s.PlanActionFilterSerializer

    def get_serializer_class(self):
        return {"create": s.PlanActionCreateSerializer, "partial_update": s.PlanActionUpdateSerializer}.get(
            self.action, s.PlanActionSerializer)

    def list_queryset(self, tenant, filters):
        mine = self.request.membership.employee_id if filters.get("mine") else None
        if filters.get("mine") and mine is None:
            return PlanAction.unscoped.none()
        return selectors.plan_action_list(tenant=tenant, plan_id=filters.get("plan"), status=filters.get("status", ""),
                                          mine_employee_id=mine)

    def object_get(self, tenant, pk):
        return selectors.plan_action_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.PlanActionCreateSerializer)
        plan_action = services.plan_action_create(tenant=self.tenant, actor=request.user, **data)
        return Response(s.PlanActionSerializer(self.refetch(plan_action)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        plan_action = self.get_object()
        data = self._validated(s.PlanActionUpdateSerializer, partial=True)
        services.plan_action_update(tenant=self.tenant, actor=request.user, action=plan_action, **data)
        return Response(s.PlanActionSerializer(self.refetch(plan_action)).data)

    @extend_schema(summary="Mark an action done", description="400 when it is already done or cancelled.", request=None,
                   responses=s.PlanActionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        plan_action = services.plan_action_complete(tenant=self.tenant, actor=request.user, action=self.get_object())
        return Response(s.PlanActionSerializer(self.refetch(plan_action)).data)


# --- Affiliations ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The group's affiliations (schools, clubs, associations, former employers), with member counts",
        description="person_count only counts the persons whose details you may see.",
        parameters=[s.AffiliationFilterSerializer],
    ),
    retrieve=extend_schema(summary="One affiliation"),
    create=extend_schema(
        summary="Find or create an affiliation (typo-tolerant)",
        description=(
            "The affiliation of this kind with the same name (accents, case and punctuation ignored) is returned (200). "
            "When only similar names exist, nothing is created: affiliation is null and suggestions lists them (200); "
            "send confirm_new=true to create it anyway. A new one answers 201."
        ),
        request=s.AffiliationCreateSerializer, responses={200: s.AffiliationMatchSerializer, 201: s.AffiliationMatchSerializer},
    ),
)
class AffiliationViewSet(PlansViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Affiliation.unscoped.none()
    serializer_class = s.AffiliationSerializer
    filter_serializer_class = s.AffiliationFilterSerializer

    def get_serializer_class(self):
        return {"create": s.AffiliationCreateSerializer, "merge": s.AffiliationMergeSerializer}.get(self.action, s.AffiliationSerializer)

    def list_queryset(self, tenant, filters):
        return aff.affiliation_list(tenant=tenant, membership=self.request.membership, search=filters.get("search", ""),
                                    kind=filters.get("kind", ""))

    def object_get(self, tenant, pk):
        found = self.list_queryset(tenant, {}).filter(pk=_pk(pk)).first()
        if found is None:
            raise Http404
        return found

    def create(self, request, *args, **kwargs):
        data = self._validated(s.AffiliationCreateSerializer)
        match = services.affiliation_find_or_create(tenant=self.tenant, actor=request.user, **data)
        body = {
            "affiliation": self.object_get(self.tenant, match.affiliation.pk) if match.affiliation else None,
            "created": match.created,
            "suggestions": match.suggestions,
        }
        return Response(s.AffiliationMatchSerializer(body).data, status=status.HTTP_201_CREATED if match.created else status.HTTP_200_OK)

    @extend_schema(summary="Similar affiliations (\"did you mean...?\")", parameters=[s.AffiliationSimilarSerializer],
                   responses=s.AffiliationSerializer(many=True))
    @action(detail=False, methods=["get"])
    def similar(self, request, *args, **kwargs):
        params = s.AffiliationSimilarSerializer(data={k: v for k, v in request.query_params.dict().items() if v.strip()})
        params.is_valid(raise_exception=True)
        found = aff.affiliation_similar(tenant=self.tenant, name=params.validated_data["name"],
                                        kind=params.validated_data.get("kind", ""))
        return Response(s.AffiliationSerializer(found, many=True).data)

    @extend_schema(
        summary="Merge a duplicate into this affiliation (manage-organisation permission)",
        description="The duplicate's employees and persons move here (once each); the duplicate is deleted.",
        request=s.AffiliationMergeSerializer, responses=s.AffiliationSerializer,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        survivor = self.get_object()
        data = self._validated(s.AffiliationMergeSerializer)
        services.affiliation_merge(tenant=self.tenant, actor=request.user, survivor=survivor, merged=data["merged"])
        return Response(s.AffiliationSerializer(self.object_get(self.tenant, survivor.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Employees' affiliations", parameters=[s.EmployeeAffiliationFilterSerializer]),
    create=extend_schema(
        summary="Give an employee an affiliation (yourself; anyone with the manage-organisation permission)",
        request=s.EmployeeAffiliationCreateSerializer,
        responses={201: s.EmployeeAffiliationSerializer, 200: s.EmployeeAffiliationSerializer},
    ),
    destroy=extend_schema(summary="Remove an employee's affiliation"),
)
class EmployeeAffiliationViewSet(PlansViewSet, mixins.ListModelMixin):
    queryset = EmployeeAffiliation.unscoped.none()
    serializer_class = s.EmployeeAffiliationSerializer
    filter_serializer_class = s.EmployeeAffiliationFilterSerializer

    def get_serializer_class(self):
        return s.EmployeeAffiliationCreateSerializer if self.action == "create" else s.EmployeeAffiliationSerializer

    def list_queryset(self, tenant, filters):
        return aff.employee_affiliation_list(tenant=tenant, employee_id=filters.get("employee"),
                                             affiliation_id=filters.get("affiliation"))

    def object_get(self, tenant, pk):
        return aff.employee_affiliation_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.EmployeeAffiliationCreateSerializer)
        employee = data.pop("employee", None) or request.membership.employee
        if employee is None:
            raise ValidationError({"employee": [_("Your login is not linked to an employee of the group: name the employee.")]})
        link, created = services.employee_affiliation_add(tenant=self.tenant, actor=request.user, employee=employee, **data)
        return Response(s.EmployeeAffiliationSerializer(self.refetch(link)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        services.employee_affiliation_remove(tenant=self.tenant, actor=request.user, link=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Persons' affiliations (only the persons whose details you may see)",
                       parameters=[s.PersonAffiliationFilterSerializer]),
    create=extend_schema(
        summary="Give a person an affiliation (a person whose details you may see)",
        request=s.PersonAffiliationCreateSerializer,
        responses={201: s.PersonAffiliationSerializer, 200: s.PersonAffiliationSerializer},
    ),
    destroy=extend_schema(summary="Remove a person's affiliation"),
)
class PersonAffiliationViewSet(PlansViewSet, mixins.ListModelMixin):
    queryset = PersonAffiliation.unscoped.none()
    serializer_class = s.PersonAffiliationSerializer
    filter_serializer_class = s.PersonAffiliationFilterSerializer

    def get_serializer_class(self):
        return s.PersonAffiliationCreateSerializer if self.action == "create" else s.PersonAffiliationSerializer

    def list_queryset(self, tenant, filters):
        return aff.person_affiliation_list(tenant=tenant, membership=self.request.membership, person_id=filters.get("person"),
                                           affiliation_id=filters.get("affiliation"))

    def object_get(self, tenant, pk):
        return aff.person_affiliation_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.PersonAffiliationCreateSerializer)
        link, created = services.person_affiliation_add(tenant=self.tenant, actor=request.user, **data)
        return Response(s.PersonAffiliationSerializer(self.refetch(link)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        services.person_affiliation_remove(tenant=self.tenant, actor=request.user, link=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
