"""Serializers of the introductions' API: validation and representation only (writes go through the services).

A request is presented as its viewer may see it (``contacts.intros.selectors.intro_subject``): the requester
never gets the person's e-mail or phone here, and their name only when the relationship shows the details
or the owner accepted the introduction.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contacts.intros.selectors import RECEIVED, SENT, intro_side, intro_subject
from contacts.models import AccountPlan, IntroEvent, IntroRequest, Relationship
from contacts.selectors import relationship_visible


class IntroFilterSerializer(serializers.Serializer):
    box = serializers.ChoiceField(
        choices=[(RECEIVED, "received"), (SENT, "sent")], required=False,
        help_text=_("received: the requests you were asked; sent: the ones you asked. Default: both."),
    )
    status = serializers.ChoiceField(choices=IntroRequest.Status.choices, required=False)


class IntroPartySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Employee id."))
    name = serializers.CharField()


class IntroSubjectSerializer(serializers.Serializer):
    visible = serializers.BooleanField(help_text=_("False when the owner no longer shares this contact with you."))
    named = serializers.BooleanField(help_text=_("Whether you may know who the person is."))
    relationship_id = serializers.IntegerField(required=False, allow_null=True)
    company = serializers.CharField(required=False, allow_blank=True)
    person_name = serializers.CharField(required=False, allow_blank=True)
    position = serializers.CharField(required=False, allow_blank=True)


class IntroEventSerializer(serializers.ModelSerializer):
    # A plain string in the schema: an enum named "kind" would collide with the relationships' "kind".
    kind = serializers.CharField(
        read_only=True, help_text=_("requested, accepted, declined, reminded, expired, follow_up or outcome.")
    )
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = IntroEvent
        fields = ["id", "kind", "actor_name", "text", "created_at"]
        read_only_fields = fields

    def get_actor_name(self, event) -> str:
        return event.actor.full_name if event.actor_id else ""


class IntroRequestSerializer(serializers.ModelSerializer):
    side = serializers.SerializerMethodField(help_text=_("Your side of the request: owner or requester."))
    requester = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    events = IntroEventSerializer(many=True, read_only=True, help_text=_("The history, oldest first."))

    class Meta:
        model = IntroRequest
        fields = [
            "id", "side", "status", "purpose_kind", "purpose", "message", "account_plan", "requester", "owner", "subject",
            "created_at", "expires_at", "answered_at", "decline_reason", "outcome", "outcome_note", "outcome_at", "events",
        ]
        read_only_fields = fields

    def _membership(self):
        return self.context["request"].membership

    def get_side(self, intro) -> str:
        return "owner" if intro_side(intro, self._membership()) == "owner" else "requester"

    def get_requester(self, intro) -> IntroPartySerializer:
        return {"id": intro.requester_id, "name": intro.requester.full_name}

    def get_owner(self, intro) -> IntroPartySerializer:
        return {"id": intro.owner_id, "name": intro.owner.full_name}

    def get_subject(self, intro) -> IntroSubjectSerializer:
        return IntroSubjectSerializer(intro_subject(intro, self._membership())).data


class IntroRequestCreateSerializer(serializers.Serializer):
    relationship = serializers.PrimaryKeyRelatedField(
        queryset=Relationship.unscoped.none(),
        help_text=_("The colleague's relationship (DISCOVERABLE or SHARED) you would like an introduction through."),
    )
    purpose_kind = serializers.ChoiceField(choices=IntroRequest.PurposeKind.choices, default=IntroRequest.PurposeKind.NEED)
    purpose = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    account_plan = serializers.PrimaryKeyRelatedField(queryset=AccountPlan.unscoped.none(), required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        tenant, membership = getattr(request, "tenant", None), getattr(request, "membership", None)
        if tenant is not None and membership is not None:
            # What the caller may know exists: a PRIVATE relationship is refused like a missing one.
            fields["relationship"].queryset = relationship_visible(tenant=tenant, membership=membership)
            fields["account_plan"].queryset = AccountPlan.unscoped.filter(tenant=tenant)
        return fields


class IntroAcceptSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IntroDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=_("Read by the requester, who learns nothing more about the person."))


class IntroFollowUpSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class IntroOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=IntroRequest.Outcome.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
