"""REST API of the contact ledger, under /api/v1/g/<tenant_slug>/ (see bns.api_base for the tenant checks).

Thin views: reads through contacts.selectors (the visibility rule lives there, once), writes through
contacts.services (only a relationship's owner changes it), relationships presented by
``selectors.relationship_present``: nobody but the owner ever gets the private notes, and nobody but the
owner ever learns that a PRIVATE relationship exists, whatever their role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bns.access import membership_require
from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from contacts import selectors, services
from contacts import serializers as s
from contacts.models import Account, LedgerEntry, Person, Relationship


def _caller_employee(request):
    """The caller's employee record; a member without one (an administrator, a consultant) owns no contacts."""
    employee = request.membership.employee
    if employee is None:
        raise ValidationError(
            {
                "non_field_errors": [
                    _(
                        "Your login is not linked to an employee of the group, so you have no address book of your "
                        "own: ask an administrator to link your membership to your employee record."
                    )
                ]
            }
        )
    return employee


class ContactsViewSet(TenantGenericViewSet):
    """Every member uses the contacts (reads and their own writes); finer rules are in each view."""

    read_perm = Perm.USE_CONTACTS
    write_perm = Perm.USE_CONTACTS


# --- Relationships --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the relationships you may see",
        description=(
            "Your own relationships, with everything; colleagues' SHARED ones in your audience, with the details; "
            "DISCOVERABLE ones (and SHARED outside your audience), with the company and the strength band only. "
            "PRIVATE relationships of others never appear, whatever your role."
        ),
        parameters=[s.RelationshipFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="One relationship, as you may see it",
        description="Opening the details of a colleague's relationship is recorded in the ledger (its owner sees it).",
    ),
    create=extend_schema(
        summary="Log a contact (quick add)",
        description=(
            "Finds the person (by e-mail, LinkedIn profile, or name and company) or creates them, then your "
            "relationship to them. Answers 201 when the relationship is new, 200 when you already had it."
        ),
        request=s.RelationshipCreateSerializer,
        responses={201: s.RelationshipSerializer, 200: s.RelationshipSerializer},
    ),
    partial_update=extend_schema(
        summary="Change your relationship (owner only)",
        description="A visibility or audience change is its own ledger entry. Others get 403 (404 if they cannot see it).",
        request=s.RelationshipUpdateSerializer,
        responses=s.RelationshipSerializer,
    ),
    destroy=extend_schema(summary="Delete your relationship (owner only)"),
)
class RelationshipViewSet(ContactsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Who knows whom in the group; the rep who owns a relationship decides who sees what."""

    queryset = Relationship.unscoped.none()
    serializer_class = s.RelationshipSerializer
    filter_serializer_class = s.RelationshipFilterSerializer
    ordering_fields = ["created_at", "updated_at"]

    def get_serializer_class(self):
        return {
            "create": s.RelationshipCreateSerializer,
            "partial_update": s.RelationshipUpdateSerializer,
            "bulk": s.RelationshipBulkSerializer,
        }.get(self.action, s.RelationshipSerializer)

    def list_queryset(self, tenant, filters):
        return selectors.relationship_list(
            tenant=tenant,
            membership=self.request.membership,
            mine=filters.get("mine", False),
            visibility=filters.get("visibility", ""),
            search=filters.get("search", ""),
        )

    def object_get(self, tenant, pk):
        return selectors.relationship_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def _present(self, relationship, code=status.HTTP_200_OK):
        return Response(s.RelationshipSerializer(self.object_get(self.tenant, relationship.pk)).data, status=code)

    def _owned(self):
        relationship = self.get_object()  # 404 when the caller may not even know it exists
        if relationship.access != selectors.OWNER:
            raise PermissionDenied
        return relationship

    def retrieve(self, request, *args, **kwargs):
        relationship = self.get_object()
        if relationship.access == selectors.DETAILS:
            since = timezone.now() - services.relationship_recent_views_window()
            if not selectors.recent_view_recorded(
                tenant=self.tenant, user=request.user, relationship_id=relationship.pk, since=since
            ):
                services.relationship_record_view(tenant=self.tenant, actor=request.user, relationship=relationship)
        return Response(s.RelationshipSerializer(relationship).data)

    def create(self, request, *args, **kwargs):
        serializer = s.RelationshipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = _caller_employee(request)
        relationship, created = services.contact_quick_add(
            tenant=self.tenant, actor=request.user, owner=owner, **serializer.validated_data
        )
        return self._present(relationship, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        relationship = self._owned()
        serializer = s.RelationshipUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.relationship_update(
            tenant=self.tenant, actor=request.user, relationship=relationship, **serializer.validated_data
        )
        return self._present(relationship)

    def destroy(self, request, *args, **kwargs):
        services.relationship_delete(tenant=self.tenant, actor=request.user, relationship=self._owned())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Change several of your relationships at once",
        description="Visibility, audience, strength or tags of your own relationships; ids of others' are ignored.",
        request=s.RelationshipBulkSerializer,
        responses=s.RelationshipBulkResultSerializer,
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        serializer = s.RelationshipBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = _caller_employee(request)
        changes = dict(serializer.validated_data)
        ids = changes.pop("ids")
        updated = services.relationship_bulk_update(
            tenant=self.tenant, actor=request.user, owner=owner, relationship_ids=ids, **changes
        )
        return Response({"updated": updated})


@extend_schema_view(
    list=extend_schema(
        summary="Who knows who: colleagues who know someone at a company, or a person",
        description=(
            "Presented like the relationships list. A person's name only finds relationships whose details you "
            "may see; a company name also finds DISCOVERABLE ones (company and strength band only)."
        ),
        parameters=[s.WhoKnowsFilterSerializer],
    ),
)
class WhoKnowsViewSet(ContactsViewSet, mixins.ListModelMixin):
    queryset = Relationship.unscoped.none()
    serializer_class = s.RelationshipSerializer
    filter_serializer_class = s.WhoKnowsFilterSerializer
    filter_backends: list = []  # ordered by strength

    def list_queryset(self, tenant, filters):
        return selectors.who_knows(tenant=tenant, membership=self.request.membership, query=filters.get("q", ""))


# --- Accounts -------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the group's accounts (companies and public bodies)", parameters=[s.AccountFilterSerializer]),
    retrieve=extend_schema(summary="One account"),
    create=extend_schema(
        summary="Find or create an account",
        description="The existing account is returned when the name or the SIREN is already known.",
        request=s.AccountCreateSerializer,
        responses={201: s.AccountSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an account (manage-organisation permission)",
        request=s.AccountUpdateSerializer,
        responses=s.AccountSerializer,
    ),
)
class AccountViewSet(ContactsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Accounts are group data: every member sees them; changing one needs the manage-organisation permission."""

    queryset = Account.unscoped.none()
    serializer_class = s.AccountSerializer
    filter_serializer_class = s.AccountFilterSerializer
    ordering_fields = ["name", "city", "created_at"]

    def get_serializer_class(self):
        return {"create": s.AccountCreateSerializer, "partial_update": s.AccountUpdateSerializer}.get(
            self.action, s.AccountSerializer
        )

    def list_queryset(self, tenant, filters):
        return selectors.account_list(tenant=tenant, search=filters.get("search", ""), is_target=filters.get("is_target"))

    def object_get(self, tenant, pk):
        return selectors.account_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        serializer = s.AccountCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        account = services.account_find_or_create(tenant=self.tenant, actor=request.user, **serializer.validated_data)
        return Response(s.AccountSerializer(self.refetch(account)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        membership_require(request.membership, Perm.MANAGE_ORG)
        account = self.get_object()
        serializer = s.AccountUpdateSerializer(account, data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.account_update(tenant=self.tenant, actor=request.user, account=account, **serializer.validated_data)
        return Response(s.AccountSerializer(self.refetch(account)).data)


# --- Persons --------------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        summary="One person (contact details and data-protection fields)",
        description=(
            "Only when one of the relationships to the person is yours or shared with you (details), or with the "
            "data-protection permission. Otherwise 404."
        ),
    ),
)
class PersonViewSet(ContactsViewSet, mixins.RetrieveModelMixin):
    queryset = Person.unscoped.none()
    serializer_class = s.PersonSerializer

    def object_get(self, tenant, pk):
        membership = self.request.membership
        return selectors.person_get_for(
            tenant=tenant, membership=membership, pk=pk, any_person=membership.has_perm(Perm.MANAGE_GDPR)
        )


# --- Ledger ---------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The sharing ledger (read-only)",
        description=(
            "With the ledger permission: the group's ledger. Otherwise: what others did with your relationships. "
            "Who an entry is about is left out when you may not see that relationship's details."
        ),
        parameters=[s.LedgerFilterSerializer],
    ),
)
class LedgerViewSet(ContactsViewSet, mixins.ListModelMixin):
    queryset = LedgerEntry.unscoped.none()
    serializer_class = s.LedgerEntrySerializer
    filter_serializer_class = s.LedgerFilterSerializer
    filter_backends: list = []  # newest first

    def list_queryset(self, tenant, filters):
        membership = self.request.membership
        return selectors.ledger_for_viewer(
            tenant=tenant,
            membership=membership,
            group=membership.has_perm(Perm.VIEW_LEDGER),
            any_person=membership.has_perm(Perm.MANAGE_GDPR),
            verb=filters.get("verb", ""),
            actor_id=filters.get("actor"),
            since=filters.get("since"),
            until=filters.get("until"),
        )
