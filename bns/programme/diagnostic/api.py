"""REST API of step 2 (the self-assessment), under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads the questionnaire and the results (aggregates and measured indicators). Answers: members with
Perm.ANSWER_DIAGNOSTIC and an employee record save theirs while the iteration runs; the list shows the caller's own
answers, and everyone's to the programme's editors (Perm.MANAGE_PROGRAMME or the process owner) only.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from bns.programme.access import programme_can_edit, programme_get_for
from bns.programme.diagnostic import measures, questionnaire, selectors, services
from bns.programme.diagnostic import serializers as s
from bns.programme.diagnostic.questionnaire import DIMENSIONS, MATURITY_LEVELS
from bns.programme.models import DiagnosticAnswer
from bns.programme.strategy.api import ProgrammeViewSet, programme_current_or_400


def questionnaire_data() -> dict:
    return {
        "levels": [{"level": level, "label": label} for level, label in MATURITY_LEVELS.items()],
        "dimensions": [{
            "key": d.key, "label": d.label, "description": d.description,
            "measured_by": list(measures.DIMENSION_METRICS.get(d.key, ())),
            "questions": [{"code": q.code, "text": q.text, "levels": list(q.levels)} for q in d.questions],
        } for d in DIMENSIONS],
    }


class DiagnosticQuestionViewSet(ProgrammeViewSet):
    queryset = DiagnosticAnswer.unscoped.none()
    serializer_class = s.QuestionnaireSerializer

    def list_queryset(self, tenant, filters):  # the questionnaire is not a query (the browsable API may still ask)
        return DiagnosticAnswer.unscoped.none()

    @extend_schema(summary="The self-assessment questionnaire: 8 maturity dimensions, 3 questions each, 5 anchored levels",
                   description=questionnaire.__doc__, responses=s.QuestionnaireSerializer)
    def list(self, request, *args, **kwargs):
        return Response(s.QuestionnaireSerializer(questionnaire_data()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Self-assessment answers of an iteration (the current one by default)",
        description="Your own answers; the programme's editors (MANAGE_PROGRAMME or the process owner) get everyone's "
                    "and may filter by respondent.",
        parameters=[s.DiagnosticAnswerFilterSerializer],
    ),
    create=extend_schema(
        summary="Save your answers (executives, site directors, managers...: ANSWER_DIAGNOSTIC, with an employee record)",
        description="Upsert: a question answered before is replaced, the others are kept. Only while the iteration runs. "
                    "400 for an unknown question code or a level outside 1-5 (keyed by the question code).",
        request=s.DiagnosticAnswerSaveSerializer, responses={200: s.DiagnosticSaveResultSerializer},
    ),
)
class DiagnosticAnswerViewSet(ProgrammeViewSet, mixins.ListModelMixin):
    queryset = DiagnosticAnswer.unscoped.none()
    serializer_class = s.DiagnosticAnswerSerializer
    filter_serializer_class = s.DiagnosticAnswerFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return DiagnosticAnswer.unscoped.none()
        programme = programme_get_for(tenant=tenant, pk=programme_id)
        membership = self.request.membership
        if programme_can_edit(membership=membership, programme=programme):
            return selectors.diagnostic_answer_list(tenant=tenant, programme_id=programme.pk, respondent_id=filters.get("respondent"))
        if membership.employee_id is None or filters.get("respondent") not in (None, membership.employee_id):
            return DiagnosticAnswer.unscoped.none()
        return selectors.diagnostic_answer_list(tenant=tenant, programme_id=programme.pk, respondent_id=membership.employee_id)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.DiagnosticAnswerSaveSerializer)
        programme = data.get("programme") or programme_current_or_400(self.tenant)
        answers = {item["question"]: (item["level"], item.get("comment", "")) for item in data["answers"]}
        saved = services.diagnostic_answer_save(tenant=self.tenant, actor=request.user, membership=request.membership,
                                                programme=programme, answers=answers)
        mine = selectors.diagnostic_answer_list(tenant=self.tenant, programme_id=programme.pk,
                                                respondent_id=request.membership.employee_id)
        return Response(s.DiagnosticSaveResultSerializer({"saved": len(saved), "answers": mine}).data, status=status.HTTP_200_OK)


class DiagnosticResultViewSet(ProgrammeViewSet):
    queryset = DiagnosticAnswer.unscoped.none()
    serializer_class = s.DiagnosticResultsSerializer
    filter_serializer_class = s.DiagnosticResultsFilterSerializer

    def list_queryset(self, tenant, filters):  # a summary, not a list (the browsable API may still ask)
        return DiagnosticAnswer.unscoped.none()

    @extend_schema(
        summary="The self-assessment's results: declared level per dimension beside the measured one, and the gap",
        description=f"{selectors.__doc__}\n\n{measures.__doc__}",
        parameters=[s.DiagnosticResultsFilterSerializer], responses=s.DiagnosticResultsSerializer,
    )
    def list(self, request, *args, **kwargs):
        programme_id = self._programme_id(self.list_filters())
        if programme_id is None:
            raise Http404
        programme = programme_get_for(tenant=self.tenant, pk=programme_id)
        results = selectors.diagnostic_results(tenant=self.tenant, programme=programme)
        return Response(s.DiagnosticResultsSerializer(results).data)
