"""REST API of the contact ledger, under /api/v1/g/<tenant_slug>/ (see bns.api_base for the tenant checks).

Thin views: reads through contacts.selectors (the visibility rule lives there, once), writes through
contacts.services (only a relationship's owner changes it), relationships presented by
``selectors.relationship_present``: nobody but the owner ever gets the private notes, and nobody but the
owner ever learns that a PRIVATE relationship exists, whatever their role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from bns.access import membership_require
from bns.api_base import TenantGenericViewSet
from bns.permissions import Perm
from contacts import gdpr, merge, selectors, services, solicitations
from contacts import serializers as s
from contacts.importing import parsers as import_parsers
from contacts.importing import selectors as import_selectors
from contacts.importing import service as import_service
from contacts.models import (
    Account,
    ContactImport,
    LedgerEntry,
    MergeSuggestion,
    Person,
    Relationship,
    Solicitation,
)


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
    """Persons, and the data-protection actions on them (the data-protection permission)."""

    queryset = Person.unscoped.none()
    serializer_class = s.PersonSerializer

    def object_get(self, tenant, pk):
        membership = self.request.membership
        return selectors.person_get_for(
            tenant=tenant, membership=membership, pk=pk, any_person=membership.has_perm(Perm.MANAGE_GDPR)
        )

    def _gdpr_person(self):
        membership_require(self.request.membership, Perm.MANAGE_GDPR)
        return gdpr.gdpr_person_get_for(tenant=self.tenant, pk=self.kwargs["pk"])

    @extend_schema(
        summary="Access export of everything held on the person (GDPR art. 15)",
        description=(
            "Data-protection permission. Recorded in the ledger (export). The reps' private notes are never in it, "
            "only whether there are some."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        data = gdpr.person_access_export(tenant=self.tenant, actor=request.user, person=self._gdpr_person(), fmt="json")
        return Response(data)

    @extend_schema(
        summary="Record the person's objection: nobody in the group may solicit them any more",
        description="Data-protection permission. Idempotent; recorded in the ledger.",
        request=None,
        responses=s.PersonSerializer,
    )
    @action(detail=True, methods=["post"])
    def object(self, request, *args, **kwargs):
        person = gdpr.person_object(tenant=self.tenant, actor=request.user, person=self._gdpr_person())
        return Response(s.PersonSerializer(self.object_get(self.tenant, person.pk)).data)

    @extend_schema(
        summary="Erase the person (GDPR art. 17)",
        description=(
            "Data-protection permission. Deletes the person, their contact details, relationships and solicitations; "
            "the ledger keeps a pseudonymous trace. A person who had objected cannot be re-imported."
        ),
        request=None,
        responses=s.ErasureResultSerializer,
    )
    @action(detail=True, methods=["post"])
    def erase(self, request, *args, **kwargs):
        pseudonym = gdpr.person_erase(tenant=self.tenant, actor=request.user, person=self._gdpr_person())
        return Response({"pseudonym": pseudonym})


# --- Solicitations --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your solicitations", parameters=[s.SolicitationFilterSerializer]),
    create=extend_schema(
        summary="Log a solicitation of a person",
        description=(
            "Counted against the group's cap on commercial solicitations of one person over a rolling window. "
            "Refused (400) when the person objected, when a colleague handles them exclusively, or when the cap is "
            "reached (unless override_cap: then it is logged with a warning, and the ledger says so)."
        ),
        request=s.SolicitationCreateSerializer,
        responses={201: s.SolicitationResultSerializer},
    ),
)
class SolicitationViewSet(ContactsViewSet, mixins.ListModelMixin):
    queryset = Solicitation.unscoped.none()
    serializer_class = s.SolicitationSerializer
    filter_serializer_class = s.SolicitationFilterSerializer
    filter_backends: list = []  # newest first

    def get_serializer_class(self):
        return s.SolicitationCreateSerializer if self.action == "create" else s.SolicitationSerializer

    def list_queryset(self, tenant, filters):
        return selectors.solicitation_list_mine(
            tenant=tenant, membership=self.request.membership, person_id=filters.get("person")
        )

    def create(self, request, *args, **kwargs):
        serializer = s.SolicitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        _caller_employee(request)
        try:
            person = solicitations.solicitation_person_for(
                tenant=self.tenant, membership=request.membership, person_id=data.pop("person")
            )
        except Http404:
            raise ValidationError({"person": [_("No person you may see has this id.")]}) from None
        solicitation, warning = solicitations.solicitation_log(
            tenant=self.tenant, actor=request.user, person=person, **data
        )
        pressure = solicitations.solicitation_pressure(tenant=self.tenant, person=person)
        pressure.pop("last", None)
        solicitation = selectors.solicitation_list_mine(tenant=self.tenant, membership=request.membership).get(
            pk=solicitation.pk
        )
        body = {"solicitation": solicitation, "warning": str(warning), "pressure": pressure}
        return Response(s.SolicitationResultSerializer(body).data, status=status.HTTP_201_CREATED)


# --- Imports --------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your address-book imports"),
    retrieve=extend_schema(
        summary="One import: status, progress, counts and the per-row report",
        description="Before it starts, the report is the preview: what each row will do (create, merge, skip...).",
    ),
    create=extend_schema(
        summary="Upload an address book (preview only)",
        description=(
            "A LinkedIn Connections.csv, a vCard (.vcf) or a CSV file, sent as multipart/form-data. Nothing but "
            "the import is written: read the preview in the report, then start it."
        ),
        request={"multipart/form-data": s.ContactImportCreateSerializer},
        responses={201: s.ContactImportSerializer},
    ),
)
class ContactImportViewSet(ContactsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = ContactImport.unscoped.none()
    serializer_class = s.ContactImportSerializer
    parser_classes = [MultiPartParser, FormParser]
    filter_backends: list = []  # newest first

    def get_serializer_class(self):
        return {"create": s.ContactImportCreateSerializer, "list": s.ContactImportListSerializer}.get(
            self.action, s.ContactImportSerializer
        )

    def list_queryset(self, tenant, filters):
        return import_selectors.contact_import_list(tenant=tenant, membership=self.request.membership)

    def object_get(self, tenant, pk):
        return import_selectors.contact_import_get_for(tenant=tenant, membership=self.request.membership, pk=pk)

    def create(self, request, *args, **kwargs):
        serializer = s.ContactImportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        owner = _caller_employee(request)
        upload = data["file"]
        if upload.size > import_parsers.MAX_FILE_BYTES:
            raise ValidationError({"file": [_("The file is too large (5 MB at most).")]})
        contact_import = import_service.contact_import_create(
            tenant=self.tenant, actor=request.user, owner=owner, filename=upload.name, raw_bytes=upload.read(),
            format=data["format"], default_visibility=data["default_visibility"], default_strength=data["default_strength"],
        )
        return Response(s.ContactImportSerializer(self.refetch(contact_import)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Start the import (in the background)",
        description="Follow its progress with GET on the import. Starting it again changes nothing.",
        request=None,
        responses=s.ContactImportSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def start(self, request, *args, **kwargs):
        contact_import = import_service.contact_import_start(
            tenant=self.tenant, actor=request.user, contact_import=self.get_object()
        )
        return Response(s.ContactImportSerializer(self.refetch(contact_import)).data)


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


# --- Merge suggestions (suspected duplicates) -----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Possible duplicates: pairs of records that may be the same person",
        description=(
            "Data-protection permission. Imports suggest a pair when a new contact has the same name as a known one "
            "with another or no company; nothing is merged until someone decides. Each record says how many "
            "relationships it has, never whose."
        ),
        parameters=[s.MergeSuggestionFilterSerializer],
    ),
    retrieve=extend_schema(summary="One suggestion, with the two records side by side"),
)
class MergeSuggestionViewSet(TenantGenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The data-protection officer merges duplicates or marks them as different people."""

    read_perm = Perm.MANAGE_GDPR
    write_perm = Perm.MANAGE_GDPR
    queryset = MergeSuggestion.unscoped.none()
    serializer_class = s.MergeSuggestionSerializer
    filter_serializer_class = s.MergeSuggestionFilterSerializer
    filter_backends: list = []  # newest first

    def get_serializer_class(self):
        return {
            "merge": s.MergeSuggestionMergeSerializer,
            "merge_persons": s.PersonMergeSerializer,
        }.get(self.action, s.MergeSuggestionSerializer)

    def list_queryset(self, tenant, filters):
        return merge.merge_suggestion_list(
            tenant=tenant, status=filters.get("status", MergeSuggestion.Status.OPEN), search=filters.get("search", "")
        )

    def object_get(self, tenant, pk):
        return merge.merge_suggestion_get_for(tenant=tenant, pk=pk)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else merge.merge_suggestions_with_persons(tenant=self.tenant, suggestions=page)

    def _present(self, suggestion):
        [suggestion] = merge.merge_suggestions_with_persons(tenant=self.tenant, suggestions=[self.refetch(suggestion)])
        return Response(s.MergeSuggestionSerializer(suggestion).data)

    def retrieve(self, request, *args, **kwargs):
        return self._present(self.get_object())

    def _merged(self, survivor, merged_id):
        person = merge.merge_persons_by_id(tenant=self.tenant, ids=[survivor.pk])[survivor.pk]
        body = {"survivor": person, "merged_id": merged_id, "suggestion": survivor.merge_suggestion_id}
        return Response(s.MergeResultSerializer(body).data)

    @extend_schema(
        summary="Merge the two records of the suggestion",
        description=(
            "Data-protection permission. Everything the other record holds (e-mails, phones, relationships, "
            "solicitations, the ledger) moves to the record kept, whose blanks are filled from the other one; the "
            "other record is deleted. One colleague's two relationships become one, never more widely shared. An "
            "objection of either record stays. Recorded in the ledger (merge). 400 when already decided."
        ),
        request=s.MergeSuggestionMergeSerializer,
        responses=s.MergeResultSerializer,
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        suggestion = self.get_object()
        serializer = s.MergeSuggestionMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        a, b = suggestion.person_a, suggestion.person_b
        survivor_id = serializer.validated_data.get("survivor", a.pk)
        if survivor_id not in (a.pk, b.pk):
            raise ValidationError({"survivor": [_("Give the id of one of the two records: person_a or person_b.")]})
        survivor, merged = (a, b) if survivor_id == a.pk else (b, a)
        merged_id = merged.pk
        kept = merge.person_merge(tenant=self.tenant, actor=request.user, survivor=survivor, merged=merged, suggestion=suggestion)
        return self._merged(kept, merged_id)

    @extend_schema(
        summary="Not the same person: close the suggestion",
        description="Data-protection permission. The pair is not suggested again. 400 when already decided.",
        request=None,
        responses=s.MergeSuggestionSerializer,
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, *args, **kwargs):
        suggestion = merge.merge_suggestion_dismiss(tenant=self.tenant, actor=request.user, suggestion=self.get_object())
        return self._present(suggestion)

    @extend_schema(
        summary="Merge two records of the same person (no suggestion needed)",
        description=(
            "Data-protection permission. Like merging a suggestion, for a duplicate no import suggested; an open "
            "suggestion of the same pair is closed too."
        ),
        request=s.PersonMergeSerializer,
        responses=s.MergeResultSerializer,
    )
    @action(detail=False, methods=["post"], url_path="merge-persons")
    def merge_persons(self, request, *args, **kwargs):
        serializer = s.PersonMergeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        survivor, merged = serializer.validated_data["survivor"], serializer.validated_data["merged"]
        merged_id = merged.pk
        kept = merge.person_merge(tenant=self.tenant, actor=request.user, survivor=survivor, merged=merged)
        return self._merged(kept, merged_id)
