"""JATS import over the API: a typesetter's file becomes (or corrects) a published article.

Managing editors of the journal the file names (by ISSN) may import, and staff allowed to add
articles. A refused or faulty file changes nothing and is answered 400 with the reason.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from editorial.interop.services.jats_import import import_jats


class JatsImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A JATS 1.x article (XML).")


class JatsImportResultSerializer(serializers.Serializer):
    article = serializers.IntegerField(help_text="The article's id.")
    created = serializers.BooleanField(help_text="True for a new article, false when the DOI's article was updated.")
    doi = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    url = serializers.CharField(help_text="The article's public page.")
    unmapped = serializers.ListField(
        child=serializers.CharField(), help_text="Elements of the file the journal's record does not keep."
    )


class JatsImportViewSet(viewsets.ViewSet):
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = JatsImportSerializer

    @extend_schema(
        operation_id="jats_imports_create",
        request={"multipart/form-data": JatsImportSerializer},
        responses={201: JatsImportResultSerializer, 200: JatsImportResultSerializer},
        description="Create or update a published article from a JATS file; the journal is found by ISSN.",
    )
    def create(self, request: Request) -> Response:
        form = JatsImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = import_jats(user=request.user, data=form.validated_data["file"].read())
        article = result.article
        journal_slug = article.submission.journal.slug
        body = {
            "article": article.pk,
            "created": result.created,
            "doi": article.doi,
            "title": article.submission.display_title,
            "url": reverse("article", kwargs={"journal_slug": journal_slug, "article_id": article.pk}),
            "unmapped": result.unmapped,
        }
        return Response(
            JatsImportResultSerializer(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
