"""REST API of referrals and rewards, under /api/v1/g/<tenant_slug>/ (see bns.api_base for the tenant checks).

Same rules as the pages: reads through contacts.referrals.selectors (who sees and who receives a referral),
writes through the services (the status machine, the rewards), input validated before any permission check
(after the object lookup: another group's id is missing, 404) so that a bad reference is refused the same way
whoever asks.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.access import membership_require
from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from contacts.referrals import exports, rewards, selectors, services
from contacts.referrals import serializers as s
from contacts.referrals.models import Referral, Reward, RewardRule


class _ReferralsViewSet(TenantGenericViewSet):
    """Every member refers leads and follows their rewards; finer rules are in the services and selectors."""

    read_perm = Perm.USE_CONTACTS
    write_perm = Perm.USE_CONTACTS
    filter_backends: list = []  # newest first


def _month(value) -> object:
    if not value:
        return None
    month = exports.parse_month(value)
    if month is None:
        raise ValidationError({"month": [_("Give the month as YYYY-MM, e.g. 2025-03.")]})
    return month


# --- Referrals --------------------------------------------------------------------------------------------

_TRANSITION_DOC = (
    "Only the receiving side (the named colleague; for a dealership or a department, its managers; executives and "
    "admins) moves a referral, never its referrer (403). One step at a time: submitted -> accepted -> qualified -> "
    "won; lost from any open status. A step not allowed from the current status, or on a closed referral, answers "
    "400 naming the current status. The referrer is notified."
)


@extend_schema_view(
    list=extend_schema(
        summary="Referrals: the ones you referred, received, or all you may see",
        description=(
            "You see a referral when you referred it, when you are on its receiving side, or when you approve or pay "
            "rewards (executives and admins too)."
        ),
        parameters=[s.ReferralFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="One referral with its history",
        description="The lead's e-mails and phones (lead_contact) only for the referrer and the receiving side.",
        responses=s.ReferralDetailSerializer,
    ),
    create=extend_schema(
        summary="Refer a lead",
        description=(
            "The lead: person_id (a contact whose details you may see) and/or account_id, or a new person by name, "
            "company, phone or e-mail (added to your contacts). At least one of to_employee, to_site, to_department. "
            "consent must be true: a lead who has not agreed to be contacted is refused (CNIL). The receiving side is "
            "notified; recorded in the ledger (referral)."
        ),
        request=s.ReferralCreateSerializer,
        responses={201: s.ReferralDetailSerializer},
    ),
)
class ReferralViewSet(_ReferralsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Referral.unscoped.none()
    serializer_class = s.ReferralSerializer
    filter_serializer_class = s.ReferralFilterSerializer

    def get_serializer_class(self):
        return {
            "retrieve": s.ReferralDetailSerializer,
            "create": s.ReferralCreateSerializer,
            "accept": s.ReferralNoteSerializer,
            "qualify": s.ReferralNoteSerializer,
            "win": s.ReferralWinSerializer,
            "lose": s.ReferralLoseSerializer,
        }.get(self.action, s.ReferralSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.referral_list(
            tenant=tenant, membership=self.request.membership, box=filters.get("box", "mine"), status=filters.get("status", ""),
            search=filters.get("search", ""),
        )

    def object_get(self, tenant, pk):
        return selectors.referral_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def _present(self, referral, code=status.HTTP_200_OK):
        fresh = self.object_get(self.tenant, referral.pk)
        return Response(s.ReferralDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = s.ReferralCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        referral = services.referral_submit(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return self._present(referral, status.HTTP_201_CREATED)

    def _transition(self, request, name: str, serializer_class):
        referral = self.get_object()  # 404 first: a referral one may not see is missing, whatever the body
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        getattr(services, f"referral_{name}")(tenant=self.tenant, actor=request.user, referral=referral, **serializer.validated_data)
        return self._present(referral)

    @extend_schema(summary="Accept the referral (submitted -> accepted)", description=_TRANSITION_DOC,
                   request=s.ReferralNoteSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        return self._transition(request, "accept", s.ReferralNoteSerializer)

    @extend_schema(summary="Qualify the referral (accepted -> qualified)", description=_TRANSITION_DOC,
                   request=s.ReferralNoteSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def qualify(self, request, *args, **kwargs):
        return self._transition(request, "qualify", s.ReferralNoteSerializer)

    @extend_schema(
        summary="Record the win (qualified -> won) and compute the reward",
        description=_TRANSITION_DOC + (
            " The referrer's reward is computed with the reward rule in force when the referral was SUBMITTED, for the "
            "deal's department; when that rule is a percentage of the margin, the margin is required (400 otherwise)."
        ),
        request=s.ReferralWinSerializer, responses=s.ReferralDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def win(self, request, *args, **kwargs):
        return self._transition(request, "win", s.ReferralWinSerializer)

    @extend_schema(summary="Close the referral as lost, with the reason", description=_TRANSITION_DOC,
                   request=s.ReferralLoseSerializer, responses=s.ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def lose(self, request, *args, **kwargs):
        return self._transition(request, "lose", s.ReferralLoseSerializer)


# --- Rewards ----------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Rewards (primes): yours, or every one for approvers and payroll",
        parameters=[s.RewardFilterSerializer],
    ),
    retrieve=extend_schema(summary="One reward"),
)
class RewardViewSet(_ReferralsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Reward.unscoped.none()
    serializer_class = s.RewardSerializer
    filter_serializer_class = s.RewardFilterSerializer

    def get_serializer_class(self):
        return {
            "approve": s.EmptySerializer,
            "reject": s.RewardRejectSerializer,
            "mark_paid": s.RewardMarkPaidSerializer,
            "payroll_export": s.PayrollExportFilterSerializer,
        }.get(self.action, s.RewardSerializer)

    def list_queryset(self, tenant, filters):
        box = filters.get("box") or ("all" if selectors.sees_every_referral(self.request.membership) else "mine")
        return selectors.reward_list(
            tenant=tenant, membership=self.request.membership, box=box, status=filters.get("status", ""),
            month=_month(filters.get("month")), search=filters.get("search", ""),
        )

    def object_get(self, tenant, pk):
        return selectors.reward_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def _present(self, reward):
        return Response(s.RewardSerializer(self.object_get(self.tenant, reward.pk)).data)

    @extend_schema(
        summary="Approve a pending reward",
        description="Perm approve_rewards (managers, site directors, executives, admins), never the referrer. Locked: two "
        "approvals at once approve once, the second answers 400 (already approved).",
        request=None, responses=s.RewardSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        reward = self.get_object()
        membership_require(request.membership, Perm.APPROVE_REWARDS)
        rewards.reward_approve(tenant=self.tenant, actor=request.user, reward=reward)
        return self._present(reward)

    @extend_schema(summary="Reject a pending reward, with the reason the referrer will read",
                   description="Perm approve_rewards, never the referrer.", request=s.RewardRejectSerializer, responses=s.RewardSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        reward = self.get_object()
        serializer = s.RewardRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership_require(request.membership, Perm.APPROVE_REWARDS)
        rewards.reward_reject(tenant=self.tenant, actor=request.user, reward=reward, **serializer.validated_data)
        return self._present(reward)

    @extend_schema(
        summary="Mark an approved reward paid",
        description="Perm pay_rewards. The payroll month is the given month (YYYY-MM) or the current one. A reward is paid "
        "once: a second call answers 400.",
        request=s.RewardMarkPaidSerializer, responses=s.RewardSerializer,
    )
    @action(detail=True, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request, *args, **kwargs):
        reward = self.get_object()
        serializer = s.RewardMarkPaidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        month = _month(serializer.validated_data.get("month"))
        membership_require(request.membership, Perm.PAY_REWARDS)
        rewards.reward_mark_paid(tenant=self.tenant, actor=request.user, reward=reward, month=month)
        return self._present(reward)

    @extend_schema(
        summary="Payroll export of a month (CSV)",
        description="Perm pay_rewards. The rewards paid in the month: employee number, name, dealership, referral, "
        "amount, approved by, paid on. `;`-separated, UTF-8 with BOM (opens in Excel). The export is audited.",
        parameters=[s.PayrollExportFilterSerializer],
        responses={(200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR, description="The CSV file.")},
    )
    @action(detail=False, methods=["get"], url_path="payroll-export")
    def payroll_export(self, request, *args, **kwargs):
        membership_require(request.membership, Perm.PAY_REWARDS)
        serializer = s.PayrollExportFilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        month = _month(serializer.validated_data.get("month")) or timezone.localdate().replace(day=1)
        content, _count = exports.payroll_csv(tenant=self.tenant, actor=request.user, month=month)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exports.payroll_filename(self.tenant, month)}"'
        return response


# --- Reward rules -----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Reward rules",
        description="Every member may read them (what a won referral earns). Writes: perm pay_rewards.",
        parameters=[s.RewardRuleFilterSerializer],
    ),
    retrieve=extend_schema(summary="One reward rule"),
    create=extend_schema(
        summary="Create a reward rule",
        description="Perm pay_rewards. fixed: amount (no percent); margin_percent: percent 0-100 (no amount); cap >= 0 "
        "optional; valid_until >= valid_from. Applies to referrals submitted from now on.",
        request=s.RewardRuleSerializer, responses={201: s.RewardRuleSerializer},
    ),
)
class RewardRuleViewSet(_ReferralsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    queryset = RewardRule.unscoped.none()
    serializer_class = s.RewardRuleSerializer
    filter_serializer_class = s.RewardRuleFilterSerializer

    def get_serializer_class(self):
        return {"end": s.EmptySerializer}.get(self.action, s.RewardRuleSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.reward_rule_list(tenant=tenant, current=filters.get("current"))

    def object_get(self, tenant, pk):
        return selectors.reward_rule_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        serializer = s.RewardRuleSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        rule = rewards.reward_rule_create(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return Response(s.RewardRuleSerializer(self.object_get(self.tenant, rule.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a rule: it ends now and the new one (the whole rule) replaces it",
        description="Perm pay_rewards. Referrals submitted before keep the old rule. 400 when the rule was already "
        "replaced or ended.",
        request=s.RewardRuleSerializer, responses={201: s.RewardRuleSerializer},
    )
    @action(detail=True, methods=["post"])
    def change(self, request, *args, **kwargs):
        rule = self.get_object()
        serializer = s.RewardRuleSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        new = rewards.reward_rule_change(tenant=self.tenant, actor=request.user, rule=rule, **serializer.validated_data)
        return Response(s.RewardRuleSerializer(self.object_get(self.tenant, new.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="End a rule with no successor", description="Perm pay_rewards.", request=None,
                   responses=s.RewardRuleSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        rule = rewards.reward_rule_end(tenant=self.tenant, actor=request.user, rule=self.get_object())
        return Response(s.RewardRuleSerializer(self.object_get(self.tenant, rule.pk)).data)
