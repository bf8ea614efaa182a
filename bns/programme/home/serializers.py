"""Serializers of the programme home's API: validation in, presentation out (writes: the services).

Reference ids are looked up in the caller's group only (another group's id is refused like a missing one)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bns.models import Employee
from bns.programme.models import Programme, ProgrammeStep, VisionVersion, Workshop
from bns.programme.strategy.serializers import _TenantFields

ID = {"min_value": 1, "max_value": 2**31 - 1}
STEP = {"min_value": 1, "max_value": 8}


class _TenantManyFields(_TenantFields):
    """Also scope the ``many=True`` related fields (their child relation) to the request's tenant."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        tenant = getattr(request, "tenant", None)
        querysets = self.tenant_querysets(tenant) if tenant is not None else {}
        for name, field in fields.items():
            if isinstance(field, serializers.ManyRelatedField) and not field.read_only:
                field.child_relation.queryset = querysets.get(name, field.child_relation.queryset.none())
        return fields


# --- Iterations ---------------------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    current_step = serializers.IntegerField(read_only=True, help_text=_("The step the group is working on (1 to 8)."))
    process_owner_name = serializers.CharField(source="process_owner.full_name", read_only=True, allow_null=True, default=None)
    sponsor_name = serializers.CharField(source="sponsor.full_name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Programme
        fields = ["id", "iteration", "title", "status", "process_owner", "process_owner_name", "sponsor", "sponsor_name",
                  "starts_on", "target_end_on", "current_step", "review_cadence_days", "previous", "created_at", "closed_at"]
        read_only_fields = fields


class ProgrammeUpdateSerializer(_TenantFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    process_owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(), required=False,
        help_text=_("An active employee of the group, a member of the executive committee (CoDir)."))
    sponsor = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True,
                                                 help_text=_("An active employee of the group."))
    starts_on = serializers.DateField(required=False)
    target_end_on = serializers.DateField(required=False, help_text=_("3 to 6 months after starts_on."))
    review_cadence_days = serializers.IntegerField(required=False, min_value=7, max_value=120,
                                                   help_text=_("Days between two steering reviews (30: monthly)."))
    current_step = serializers.IntegerField(required=False, **STEP, help_text=_("The step the group is working on (1 to 8)."))

    def tenant_querysets(self, tenant):
        return {"process_owner": Employee.unscoped.filter(tenant=tenant), "sponsor": Employee.unscoped.filter(tenant=tenant)}


class ProgrammeStartSerializer(ProgrammeUpdateSerializer):
    title = serializers.CharField(max_length=200)
    process_owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.unscoped.none(),
        help_text=_("An active employee of the group, a member of the executive committee (CoDir)."))
    starts_on = serializers.DateField()
    target_end_on = serializers.DateField(help_text=_("3 to 6 months after starts_on."))
    review_cadence_days = serializers.IntegerField(required=False, min_value=7, max_value=120, default=30,
                                                   help_text=_("Days between two steering reviews (30: monthly)."))
    current_step = None


class NextIterationSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    target_end_on = serializers.DateField(help_text=_("3 to 6 months after starts_on."))


# --- Steps --------------------------------------------------------------------------------------------


class ProgrammeStepSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, help_text=_("The step of the programme, 1 to 8."))
    label = serializers.CharField(source="get_number_display", read_only=True)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ProgrammeStep
        fields = ["id", "programme", "number", "label", "status", "owner", "owner_name", "done_notes", "missing_notes",
                  "next_action", "due_on"]
        read_only_fields = fields


class ProgrammeStepUpdateSerializer(_TenantFields, serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgrammeStep.Status.choices, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=Employee.unscoped.none(), required=False, allow_null=True,
                                               help_text=_("An active employee of the group."))
    done_notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True,
                                       help_text=_("What is done; blank: the overview says what the data shows."))
    missing_notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True,
                                          help_text=_("What is missing; blank: the overview says what the data shows."))
    next_action = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                        help_text=_("The next thing to do; blank: the overview suggests one."))
    due_on = serializers.DateField(required=False, allow_null=True)

    def tenant_querysets(self, tenant):
        return {"owner": Employee.unscoped.filter(tenant=tenant)}


class ProgrammeStepFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))


# --- The overview -------------------------------------------------------------------------------------


class OverviewStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()
    status = serializers.CharField(help_text=_("not_started, in_progress or done (set by hand on the step)."))
    status_label = serializers.CharField()
    step_id = serializers.IntegerField(source="row.pk", allow_null=True, default=None,
                                       help_text=_("The programme step's id (programme-steps/), to change it."))
    owner = serializers.IntegerField(source="owner.pk", allow_null=True, default=None)
    owner_name = serializers.CharField(source="owner.full_name", allow_null=True, default=None)
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    is_current = serializers.BooleanField()
    done = serializers.ListField(child=serializers.CharField(),
                                 help_text=_("The step's own note when written, else sentences computed from the data."))
    done_is_manual = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    missing_is_manual = serializers.BooleanField()
    next_action = serializers.CharField()
    next_is_suggestion = serializers.BooleanField(help_text=_("True: suggested from the data (no next action written)."))
    figure = serializers.CharField(help_text=_("One short figure of the step."))


class TimelineSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    target_end_on = serializers.DateField()
    total_days = serializers.IntegerField()
    elapsed_days = serializers.IntegerField()
    percent = serializers.IntegerField(help_text=_("Share of the time elapsed, 0-100."))
    month = serializers.IntegerField(help_text=_("Month N of the iteration (0 before it starts)."))
    months = serializers.IntegerField()
    days_left = serializers.IntegerField(help_text=_("Negative once the target end is past."))
    late = serializers.BooleanField()


class OverviewReviewScheduleSerializer(serializers.Serializer):
    last_held_on = serializers.DateField(allow_null=True)
    next_due_on = serializers.DateField(help_text=_("The last review's date (else the start) + the cadence."))
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()
    cadence_days = serializers.IntegerField()


class OverviewFactsSerializer(serializers.Serializer):
    vision_version = serializers.IntegerField(allow_null=True, help_text=_("The group's current vision version (null: none)."))
    workshops = serializers.IntegerField()
    workshops_held = serializers.IntegerField()
    workshops_rules = serializers.IntegerField(help_text=_("Workshops held on step 1."))
    answers = serializers.IntegerField(help_text=_("Answers to the self-assessment."))
    respondents = serializers.IntegerField()
    objectives = serializers.IntegerField()
    objectives_unmeasurable = serializers.IntegerField(help_text=_("Objectives without a KPI or a target."))
    options = serializers.IntegerField()
    retained = serializers.BooleanField()
    retained_title = serializers.CharField(allow_null=True)
    actions_planned = serializers.IntegerField()
    actions_in_progress = serializers.IntegerField()
    actions_done = serializers.IntegerField()
    actions_blocked = serializers.IntegerField()
    actions_cancelled = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    kpis = serializers.IntegerField()
    kpis_measured = serializers.IntegerField(help_text=_("KPIs with at least one value."))
    reviews = serializers.IntegerField(help_text=_("Reviews held so far."))
    lessons = serializers.IntegerField()
    lessons_carried = serializers.IntegerField(help_text=_("Lessons carried from the previous iteration."))
    owner_is_executive = serializers.BooleanField(help_text=_("The process owner has an executive or administrator login."))


class OverviewSerializer(serializers.Serializer):
    programme = ProgrammeSerializer()
    steps = OverviewStepSerializer(many=True)
    timeline = TimelineSerializer()
    review_schedule = OverviewReviewScheduleSerializer(source="schedule")
    facts = OverviewFactsSerializer()
    workshops_count = serializers.IntegerField()


# --- The vision ---------------------------------------------------------------------------------------


class VisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisionVersion
        fields = ["id", "version", "text", "programme", "created_by", "created_at"]
        read_only_fields = fields


class VisionCreateSerializer(_TenantFields, serializers.Serializer):
    text = serializers.CharField(max_length=20_000, help_text=_("Refused when identical to the current version."))
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration it was written in; the one in progress when left out."))

    def tenant_querysets(self, tenant):
        return {"programme": Programme.unscoped.filter(tenant=tenant)}


# --- Workshops ----------------------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Employee
        fields = ["id", "full_name"]
        read_only_fields = fields


class WorkshopSerializer(serializers.ModelSerializer):
    step = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("The step it serves (1 to 8), or null."))
    participants = ParticipantSerializer(many=True, read_only=True)
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Workshop
        fields = ["id", "programme", "step", "title", "held_on", "agenda", "outcomes", "participants", "participant_count",
                  "created_at"]
        read_only_fields = fields


class WorkshopUpdateSerializer(_TenantManyFields, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    step = serializers.IntegerField(required=False, allow_null=True, **STEP, help_text=_("The step it serves (1 to 8), or null."))
    held_on = serializers.DateField(required=False)
    agenda = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    outcomes = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    participants = serializers.PrimaryKeyRelatedField(many=True, queryset=Employee.unscoped.none(), required=False,
                                                      help_text=_("Employee ids of the group; replaces the whole list."))

    def tenant_querysets(self, tenant):
        return {"participants": Employee.unscoped.filter(tenant=tenant), "programme": Programme.unscoped.filter(tenant=tenant)}


class WorkshopCreateSerializer(WorkshopUpdateSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.unscoped.none(), required=False,
                                                   help_text=_("The iteration; the current one when left out."))
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()


class WorkshopFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(required=False, **ID, help_text=_("An iteration's id; the current one when left out."))
    step = serializers.IntegerField(required=False, **STEP)
    search = serializers.CharField(required=False, max_length=200)
