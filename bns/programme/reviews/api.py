"""REST API of steps 7 and 8 (steering reviews and lessons), under /api/v1/g/<tenant_slug>/ (tenant checks: bns.api_base).

Every member reads (Perm.VIEW_PROGRAMME). Reviews: only the programme's editors write (Perm.MANAGE_PROGRAMME or the
iteration's process owner); others get 403. Lessons: any member with an employee record writes one of the running
iteration; its author or an editor changes or deletes it. Lists show the current iteration unless ``?programme=``
names another.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from bns.programme.access import programme_get_for
from bns.programme.models import Lesson, Review
from bns.programme.reviews import selectors, services
from bns.programme.reviews import serializers as s
from bns.programme.strategy.api import ProgrammeViewSet, programme_current_or_400


@extend_schema_view(
    list=extend_schema(summary="Steering reviews of an iteration (the current one by default), newest first",
                       parameters=[s.ReviewFilterSerializer]),
    retrieve=extend_schema(summary="One review, with the KPI values frozen at it and the ids of the actions it decided",
                           responses=s.ReviewDetailSerializer),
    create=extend_schema(
        summary="Record a review (programme editors)",
        description=("Freezes the KPI values: for each KPI of the iteration, its name, unit, target and latest value measured on "
                     "or before held_on are copied into the review (a KPI without a value: value null). Those copies never "
                     "change afterwards. new_actions are created in the means, linked to the review."),
        request=s.ReviewCreateSerializer, responses={201: s.ReviewDetailSerializer},
    ),
    partial_update=extend_schema(summary="Change a review's participants, decisions or notes (programme editors)",
                                 description="The date and the frozen values stay as recorded.",
                                 request=s.ReviewUpdateSerializer, responses=s.ReviewDetailSerializer),
    destroy=extend_schema(summary="Delete a review and its frozen values (programme editors); its actions stay"),
)
class ReviewViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Review.unscoped.none()
    serializer_class = s.ReviewSerializer
    filter_serializer_class = s.ReviewFilterSerializer

    def get_serializer_class(self):
        return s.ReviewDetailSerializer if self.action == "retrieve" else s.ReviewSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return Review.unscoped.none()
        return selectors.review_list(tenant=tenant, programme=programme_id, search=filters.get("search", ""))

    def object_get(self, tenant, pk):
        return selectors.review_get_with_details(tenant=tenant, pk=pk)

    def _present(self, review, code=status.HTTP_200_OK):
        return Response(s.ReviewDetailSerializer(self.refetch(review)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.ReviewCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        new_actions = [dict(row) for row in data.pop("new_actions", [])]
        review = services.review_record(tenant=self.tenant, actor=request.user, programme=programme, new_actions=new_actions, **data)
        return self._present(review, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        review = self.get_object()
        data = self._validated(s.ReviewUpdateSerializer, partial=True)
        return self._present(services.review_update(tenant=self.tenant, actor=request.user, review=review, **data))

    def destroy(self, request, *args, **kwargs):
        services.review_delete(tenant=self.tenant, actor=request.user, review=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewScheduleViewSet(ProgrammeViewSet):
    queryset = Review.unscoped.none()
    serializer_class = s.ReviewScheduleSerializer
    filter_serializer_class = s.ReviewScheduleFilterSerializer

    def list_queryset(self, tenant, filters):  # a summary, not a list (the browsable API may still ask)
        return Review.unscoped.none()

    @extend_schema(
        summary="When the iteration's next steering review is due, and whether it is overdue",
        description=selectors.review_schedule.__doc__,
        parameters=[s.ReviewScheduleFilterSerializer], responses=s.ReviewScheduleSerializer,
    )
    def list(self, request, *args, **kwargs):
        programme_id = self._programme_id(self.list_filters())
        if programme_id is None:
            raise Http404
        programme = programme_get_for(tenant=self.tenant, pk=programme_id)
        schedule = selectors.review_schedule(tenant=self.tenant, programme=programme)
        return Response(s.ReviewScheduleSerializer({"programme": programme.pk, **schedule.__dict__}).data)


@extend_schema_view(
    list=extend_schema(summary="Lessons learned of an iteration (the current one by default), by step",
                       parameters=[s.LessonFilterSerializer]),
    retrieve=extend_schema(summary="One lesson"),
    create=extend_schema(summary="Add a lesson (members with an employee record, while the iteration runs; editors)",
                         request=s.LessonCreateSerializer, responses={201: s.LessonSerializer}),
    partial_update=extend_schema(summary="Change a lesson (its author or a programme editor)", request=s.LessonUpdateSerializer,
                                 responses=s.LessonSerializer),
    destroy=extend_schema(summary="Delete a lesson (its author or a programme editor)"),
)
class LessonViewSet(ProgrammeViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Lesson.unscoped.none()
    serializer_class = s.LessonSerializer
    filter_serializer_class = s.LessonFilterSerializer

    def list_queryset(self, tenant, filters):
        programme_id = self._programme_id(filters)
        if programme_id is None:
            return Lesson.unscoped.none()
        return selectors.lesson_list(tenant=tenant, programme=programme_id, step=filters.get("step"), search=filters.get("search", ""))

    def object_get(self, tenant, pk):
        return selectors.lesson_get_for(tenant=tenant, pk=pk)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.LessonCreateSerializer)
        programme = data.pop("programme", None) or programme_current_or_400(self.tenant)
        lesson = services.lesson_create(tenant=self.tenant, actor=request.user, programme=programme, **data)
        return Response(s.LessonSerializer(self.refetch(lesson)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        lesson = self.get_object()
        data = self._validated(s.LessonUpdateSerializer, partial=True)
        lesson = services.lesson_update(tenant=self.tenant, actor=request.user, lesson=lesson, **data)
        return Response(s.LessonSerializer(self.refetch(lesson)).data)

    def destroy(self, request, *args, **kwargs):
        services.lesson_delete(tenant=self.tenant, actor=request.user, lesson=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
