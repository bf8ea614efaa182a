"""Serializers of the coaching dashboards' API: representation only (the pages' figures, read by the selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from networking.score import formula


def _decimal(help_text=None, places: int = 2, **kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=places, allow_null=True, coerce_to_string=False,
                                    help_text=help_text, **kwargs)


class CoachingFreshnessSerializer(serializers.Serializer):
    snapshot_day = serializers.DateField(source="day", allow_null=True,
                                         help_text=_("The day of the snapshot the figures come from (null: none computed yet)."))
    computed_at = serializers.DateTimeField(source="run.finished_at", allow_null=True, default=None)
    computed_by = serializers.CharField(help_text=_("Who asked for the computation (empty: the nightly job)."))
    as_of = serializers.DateField(help_text=_("The day the figures are as of: the snapshot's, or today without one."))


class CoachingEmployeeBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    job_title = serializers.CharField()
    site = serializers.IntegerField(source="site_id", allow_null=True)
    site_name = serializers.SerializerMethodField()
    department = serializers.IntegerField(source="department_id", allow_null=True)

    def get_site_name(self, employee) -> str:
        return employee.site.name if employee.site_id else ""


class CoachingPillarsSerializer(serializers.Serializer):
    brand = _decimal(places=1)
    reach = _decimal(places=1)
    engage = _decimal(places=1)
    relate = _decimal(places=1)


class CoachingPillarAveragesSerializer(serializers.Serializer):
    brand = _decimal()
    reach = _decimal()
    engage = _decimal()
    relate = _decimal()


class CoachingTeamRowSerializer(serializers.Serializer):
    employee = CoachingEmployeeBriefSerializer()
    score = _decimal(_("The networking score 0-100 as of the snapshot's day (null: not computed yet)."), places=1)
    score_on = serializers.DateField(allow_null=True)
    pillars = CoachingPillarsSerializer(help_text=_("The score's four pillars, 0-25 each."))
    profile_completeness = _decimal(_("Snapshot metric profile_completeness (%)."), source="completeness")
    profile_gaps = serializers.IntegerField(help_text=_("Profile items missing today (a missing LinkedIn profile counts one)."))
    activity_weeks = serializers.ListField(child=serializers.IntegerField(), source="trend",
                                           help_text=_("Activities per week over the last 8 weeks, oldest first."))
    activity_30_days = _decimal(_("Snapshot metric activity_per_active_employee: activities in the last 30 days."),
                                source="activity_30")
    relationships = serializers.IntegerField(help_text=_("Active relationships owned."))
    relationships_shared_percent = _decimal(_("Snapshot metric relationships_shared (%)."), source="shared_percent")
    referrals_submitted = serializers.IntegerField(help_text=_("Referrals submitted in the last 90 days."))
    referrals_won = _decimal(_("Snapshot metric referrals_won (last 90 days)."))
    referral_deal_value = _decimal(_("Snapshot metric referral_deal_value (€, last 90 days)."), source="deal_value")
    follow_ups_due = serializers.IntegerField(help_text=_("Open coaching follow-ups due within 7 days, overdue included."))
    follow_ups_overdue = serializers.IntegerField()
    next_follow_up = serializers.DateField(allow_null=True)


class CoachingTeamAveragesSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text=_("People averaged."))
    score = _decimal()
    pillars = CoachingPillarAveragesSerializer()
    profile_completeness = _decimal(source="completeness")
    profile_gaps = _decimal()
    activity_weeks = serializers.ListField(child=serializers.DecimalField(max_digits=10, decimal_places=1, coerce_to_string=False),
                                           source="trend")
    activity_30_days = _decimal(source="activity_30")
    relationships = _decimal()
    relationships_shared_percent = _decimal(source="shared_percent")
    referrals_submitted = _decimal()
    referrals_won = _decimal()
    referral_deal_value = _decimal(source="deal_value")
    follow_ups_due = _decimal()


class CoachingTeamSerializer(serializers.Serializer):
    freshness = CoachingFreshnessSerializer()
    has_employee = serializers.BooleanField(help_text=_("Whether your account is linked to an employee record."))
    team_size = serializers.IntegerField(help_text=_("Everyone below you in the organisation chart (active)."))
    site = serializers.IntegerField(allow_null=True, help_text=_("The dealership filter applied (null: every one)."))
    sort = serializers.CharField()
    rows = CoachingTeamRowSerializer(many=True)
    averages = CoachingTeamAveragesSerializer(allow_null=True)


class CoachingTeamFilterSerializer(serializers.Serializer):
    site = serializers.IntegerField(required=False, min_value=1, help_text=_("Only the reps of this dealership."))
    sort = serializers.ChoiceField(
        required=False, choices=["-score", "score", "name", "completeness", "-follow_ups"],
        help_text=_("-score (default), score, name, completeness (lowest first) or -follow_ups (most due first)."),
    )


class CoachingScoreInputSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField()
    target = serializers.FloatField()
    points = serializers.FloatField()
    weight = serializers.FloatField()


class CoachingScorePillarSerializer(serializers.Serializer):
    pillar = serializers.ChoiceField(choices=list(formula.PILLARS))
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)
    inputs = CoachingScoreInputSerializer(many=True)


class CoachingNextStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    gain = serializers.FloatField(help_text=_("Points it would add."))


class CoachingScoreSerializer(serializers.Serializer):
    total = serializers.DecimalField(source="score.total", max_digits=5, decimal_places=1, coerce_to_string=False)
    computed_on = serializers.DateField(source="score.computed_on")
    pillars = CoachingScorePillarSerializer(many=True)
    next_steps = CoachingNextStepSerializer(many=True, help_text=_("The three inputs that would raise the score most."))


class CoachingScoreHistorySerializer(serializers.Serializer):
    computed_on = serializers.DateField()
    total = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False)
    brand = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)
    reach = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)
    engage = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)
    relate = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)


class CoachingTrendPointSerializer(serializers.Serializer):
    day = serializers.DateField()
    value = _decimal()


class CoachingSnapshotFiguresSerializer(serializers.Serializer):
    networking_score = _decimal()
    profile_completeness = _decimal()
    active_employees = _decimal()
    activity_per_active_employee = _decimal()
    relationships_shared = _decimal()
    referrals_won = _decimal()
    referral_deal_value = _decimal()


class CoachingProfileStepSerializer(serializers.Serializer):
    platform = serializers.CharField()
    code = serializers.CharField()
    label = serializers.CharField()


class CoachingStrengthSerializer(serializers.Serializer):
    strength = serializers.IntegerField()
    n = serializers.IntegerField()


class CoachingContactsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Active relationships."))
    by_strength = CoachingStrengthSerializer(many=True)
    private = serializers.IntegerField()
    discoverable = serializers.IntegerField()
    shared = serializers.IntegerField()
    opened_percent = _decimal(_("Discoverable or shared, as a percentage of the active relationships."))


class CoachingReferralCountsSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    qualified = serializers.IntegerField()
    won = serializers.IntegerField()
    lost = serializers.IntegerField()


class CoachingFollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    follow_up_on = serializers.DateField()
    focus = serializers.CharField()
    author_name = serializers.CharField(source="author.full_name")


class CoachingPersonSerializer(serializers.Serializer):
    freshness = CoachingFreshnessSerializer(source="fresh")
    employee = CoachingEmployeeBriefSerializer()
    score = CoachingScoreSerializer(source="current", allow_null=True)
    history = CoachingScoreHistorySerializer(many=True, help_text=_("Score computations up to the snapshot's day, newest first."))
    trend = serializers.SerializerMethodField(help_text=_("The snapshots' networking_score over 12 weeks, oldest first."))
    snapshot = CoachingSnapshotFiguresSerializer(help_text=_("The catalogue's metrics for this employee in the snapshot."))
    profile_completeness_today = serializers.IntegerField()
    profile_gaps = CoachingProfileStepSerializer(many=True, source="profile_steps")
    activity_weeks = serializers.ListField(child=serializers.IntegerField())
    contacts = CoachingContactsSerializer()
    referrals = CoachingReferralCountsSerializer(help_text=_("Referrals made, by status."))

    def get_trend(self, page) -> list[dict]:
        return CoachingTrendPointSerializer([{"day": day, "value": value} for day, value in page.trend], many=True).data


class CoachingRepSerializer(CoachingPersonSerializer):
    coaching_notes_visible = serializers.BooleanField(
        source="notes_visible", help_text=_("Whether you read this employee's coaching notes (their manager line, or themself)."))
    follow_ups = CoachingFollowUpSerializer(many=True, allow_null=True,
                                    help_text=_("Open follow-ups due within 7 days; null when you may not read the notes."))


class CoachingIntroWaitingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    requester_name = serializers.CharField(source="requester.full_name")
    person_name = serializers.CharField(source="relationship.person.full_name")
    purpose = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)


class CoachingWaitingSerializer(serializers.Serializer):
    intro_requests_pending = serializers.IntegerField()
    intro_requests = CoachingIntroWaitingSerializer(many=True, help_text=_("The latest pending ones (at most 5)."))
    referrals_to_accept = serializers.IntegerField(help_text=_("Referrals sent to you, waiting to be accepted."))


class CoachingRewardTotalsSerializer(serializers.Serializer):
    pending = _decimal()
    approved = _decimal()
    paid = _decimal()
    rejected = _decimal()


class CoachingMeSerializer(serializers.Serializer):
    has_employee = serializers.BooleanField()
    freshness = CoachingFreshnessSerializer()
    page = CoachingPersonSerializer(allow_null=True, help_text=_("Your figures (null without an employee record)."))
    waiting = CoachingWaitingSerializer(allow_null=True)
    rewards = CoachingRewardTotalsSerializer(allow_null=True, help_text=_("Your rewards by status (€)."))
