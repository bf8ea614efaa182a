"""REST API of the coaching dashboards, under /api/v1/g/<tenant_slug>/dashboards/ (tenant checks: bns.api_base).

The same figures and the same rules as the pages (dashboards.coaching.views): ``team/`` for everyone below the
caller in the organisation chart (empty for a member with no team), ``team/<employee_pk>/`` for the employee's
manager line, the employee and members with VIEW_NETWORKING (404 for anyone else; follow-ups only for the
manager line and the employee), ``me/`` for the caller's own figures.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from bns.api_base import TenantAPIMixin
from bns.permissions import Perm
from dashboards.coaching import selectors
from dashboards.coaching import serializers as s
from networking.access import coaching_visible, employee_networking_get_for

TAGS = ["dashboards"]


class _CoachingView(TenantAPIMixin, APIView):
    read_perm = Perm.USE_NETWORKING
    write_perm = Perm.USE_NETWORKING
    filter_backends: list = []


class TeamView(_CoachingView):
    serializer_class = s.CoachingTeamSerializer

    @extend_schema(
        summary="My team's coaching figures", operation_id="dashboards_team",
        description="One row per employee below you in the organisation chart: networking score and pillars, profile "
        "completeness and items missing, activity per week (8 weeks), relationships, referrals (90 days) and coaching "
        "follow-ups due within 7 days, with the team's averages. Figures of the catalogue come from the latest "
        "dashboards snapshot. A member with no employee record or nobody reporting to them gets an empty team.",
        tags=TAGS, parameters=[s.CoachingTeamFilterSerializer], responses={200: s.CoachingTeamSerializer,
                                                                   400: OpenApiResponse(description="Invalid filter")},
    )
    def get(self, request, *args, **kwargs):
        query = s.CoachingTeamFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        site_id = query.validated_data.get("site")
        sort = query.validated_data.get("sort") or selectors.DEFAULT_SORT
        me, ids = selectors.team_of(membership=request.membership)
        fresh = selectors.freshness_get(tenant=self.tenant)
        rows = selectors.team_filter(selectors.team_rows(tenant=self.tenant, employee_ids=ids, fresh=fresh), site_id=site_id,
                                     sort=sort)
        data = {"freshness": fresh, "has_employee": me is not None, "team_size": len(ids), "site": site_id, "sort": sort,
                "rows": rows, "averages": selectors.team_averages(rows)}
        return Response(s.CoachingTeamSerializer(data).data)


class RepView(_CoachingView):
    serializer_class = s.CoachingRepSerializer

    @extend_schema(
        summary="A rep's coaching figures", operation_id="dashboards_rep",
        description="The employee's score with its breakdown and the three actions that would raise it most, its trend, "
        "profile gaps, activity, contacts and referrals. For their manager line, themself and members with the "
        "networking-figures permission; anyone else gets 404. Coaching follow-ups only for the manager line and the "
        "employee (null for others).",
        tags=TAGS, responses={200: s.CoachingRepSerializer, 404: OpenApiResponse(description="Not found or not yours to see")},
    )
    def get(self, request, *args, **kwargs):
        membership = request.membership
        employee = employee_networking_get_for(membership=membership, employee_id=kwargs.get("employee_pk"))
        fresh = selectors.freshness_get(tenant=self.tenant)
        page = selectors.person_page(tenant=self.tenant, employee=employee, fresh=fresh,
                                     notes_visible=coaching_visible(membership=membership, employee=employee))
        return Response(s.CoachingRepSerializer(page).data)


class MeView(_CoachingView):
    serializer_class = s.CoachingMeSerializer

    @extend_schema(
        summary="My network", operation_id="dashboards_me",
        description="Your score and trend, your contacts' figures, the requests waiting for your answer, your referrals "
        "and rewards. Without an employee record, only the snapshot's freshness (the rest is null).",
        tags=TAGS, responses={200: s.CoachingMeSerializer},
    )
    def get(self, request, *args, **kwargs):
        membership = request.membership
        employee = membership.employee
        fresh = selectors.freshness_get(tenant=self.tenant)
        data = {"has_employee": employee is not None, "freshness": fresh, "page": None, "waiting": None, "rewards": None}
        if employee is not None:
            data.update(
                page=selectors.person_page(tenant=self.tenant, employee=employee, fresh=fresh, notes_visible=False),
                waiting=selectors.waiting_for(tenant=self.tenant, membership=membership),
                rewards=selectors.rewards_of(tenant=self.tenant, employee_id=employee.pk),
            )
        return Response(s.CoachingMeSerializer(data).data)
