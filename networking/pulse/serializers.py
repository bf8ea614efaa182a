"""Serializers of the conviction pulse API: validation in, presentation out (writes: services).

There is no serializer of an answer or a participation as stored: the API never lists them. The answer a caller
sends is validated here and handed to the service, which keeps nothing that ties it to them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from networking.models import OfferedOwnCircle, Pulse
from networking.pulse import selectors
from networking.pulse.services import COMMENT_MAX, TITLE_MAX

ID_MAX = 2_147_483_647
STATUS_HELP = _("draft (being prepared, nobody asked yet), open (answers accepted within its dates) or closed.")


def _id_list(help_text):
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False,
                                 max_length=500, help_text=help_text)


class PulseSerializer(serializers.ModelSerializer):
    """A pulse. ``response_count`` and ``response_rate`` are given to pulse managers only (null for others)."""

    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    audience_site_ids = serializers.SerializerMethodField(help_text=_("Dealerships asked (empty: all of them)."))
    audience_department_ids = serializers.SerializerMethodField(help_text=_("Departments asked (empty: all of them)."))
    response_count = serializers.SerializerMethodField(help_text=_("How many people answered (pulse managers only)."))
    response_rate = serializers.SerializerMethodField(help_text=_("Percentage of the employees asked (pulse managers only)."))
    answered = serializers.SerializerMethodField(help_text=_("Whether you (your own employee record) have answered it."))

    class Meta:
        model = Pulse
        fields = [
            "id", "title", "opens_on", "closes_on", "status", "audience_site_ids", "audience_department_ids", "audience_size",
            "response_count", "response_rate", "answered", "created_at", "closed_at",
        ]
        read_only_fields = fields

    def get_audience_site_ids(self, pulse) -> list[int]:
        return selectors.clean_ids(pulse.audience_site_ids)

    def get_audience_department_ids(self, pulse) -> list[int]:
        return selectors.clean_ids(pulse.audience_department_ids)

    def _count(self, pulse) -> int | None:
        if not self.context.get("can_manage"):
            return None
        count = getattr(pulse, "response_count", None)
        return count if count is not None else selectors.response_count(tenant=self.context["tenant"], pulse=pulse)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_response_count(self, pulse):
        return self._count(pulse)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_response_rate(self, pulse):
        count = self._count(pulse)
        return None if count is None else selectors.rate(count, pulse.audience_size)

    def get_answered(self, pulse) -> bool:
        return pulse.pk in self.context.get("answered_ids", set())


class PulseUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX, required=False)
    opens_on = serializers.DateField(required=False)
    closes_on = serializers.DateField(required=False)
    audience_site_ids = _id_list(_("Ids of the dealerships asked (empty: all of them)."))
    audience_department_ids = _id_list(_("Ids of the departments asked (empty: all of them)."))


class PulseCreateSerializer(PulseUpdateSerializer):
    title = serializers.CharField(max_length=TITLE_MAX)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    open_now = serializers.BooleanField(required=False, default=False,
                                        help_text=_("true: open it right away (otherwise it is saved as a draft)."))


class PulseAnswerSerializer(serializers.Serializer):
    offered_own_circle = serializers.ChoiceField(
        choices=OfferedOwnCircle.choices,
        help_text=_("Have you already offered our products or services to your own circle? never, uh_no or yes."),
    )
    pride = serializers.IntegerField(min_value=1, max_value=5, help_text=_("How proud are you of working for the group? 1 to 5."))
    recommend_products = serializers.IntegerField(
        min_value=0, max_value=10, help_text=_("Would you recommend our products or services to a friend? 0 to 10."))
    recommend_employer = serializers.IntegerField(
        min_value=0, max_value=10, help_text=_("Would you recommend working here to a friend? 0 to 10."))
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True, default="",
                                    help_text=_("Optional; shown as written, without your name."))


class PulseAnswerReceiptSerializer(serializers.Serializer):
    recorded = serializers.BooleanField(help_text=_("Your answer is recorded (without your name). Nothing else is returned."))


# --- Results --------------------------------------------------------------------------------------------


class BarSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("The answer (a choice or a score)."))
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class RecommendationSerializer(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)
    nps = serializers.IntegerField(help_text=_("% promoters (9-10) minus % detractors (0-6), -100 to 100."))
    promoters = serializers.IntegerField()
    passives = serializers.IntegerField()
    detractors = serializers.IntegerField()
    promoters_percent = serializers.FloatField()
    passives_percent = serializers.FloatField()
    detractors_percent = serializers.FloatField()
    distribution = BarSerializer(many=True)


class PulseResultsSerializer(serializers.Serializer):
    """Either ``shown: false`` with the reason (nothing about the answers), or the aggregated results."""

    pulse = serializers.IntegerField(source="pulse.pk")
    status = serializers.CharField(source="pulse.status", help_text=STATUS_HELP)
    shown = serializers.BooleanField()
    reason = serializers.CharField(
        allow_blank=True, help_text=_("Why nothing is shown: draft, open, or too_few (fewer than min_respondents answers)."))
    min_respondents = serializers.IntegerField(help_text=_("Results are shown only from this number of answers, once closed."))
    response_count = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("While the pulse is open: the answers so far (pulse managers only)."))
    response_rate = serializers.FloatField(required=False, allow_null=True)
    respondents = serializers.IntegerField(required=False, allow_null=True)
    offered_own_circle = BarSerializer(many=True, required=False)
    pride_mean = serializers.FloatField(required=False, allow_null=True)
    pride = BarSerializer(many=True, required=False)
    recommend_products = RecommendationSerializer(required=False, allow_null=True)
    recommend_employer = RecommendationSerializer(required=False, allow_null=True)
    comments = serializers.ListField(child=serializers.CharField(), required=False,
                                     help_text=_("The comments, without names, in alphabetical order."))

    def to_representation(self, results):
        data = super().to_representation(results)
        if not results.shown:  # nothing about the answers: keep only the state (and the progress for managers)
            keep = {"pulse", "status", "shown", "reason", "min_respondents"}
            progress = self.context.get("progress")
            out = {k: v for k, v in data.items() if k in keep}
            if progress is not None:
                out.update(response_count=progress["count"], response_rate=progress["rate"])
            return out
        return data
