"""A manuscript file as a download, for the author's page and the API alike: files are served only
through this check, never from a public media URL."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from editorial import permissions
from editorial.submissions.models import ManuscriptFile


def manuscript_file_response(user, file_id: int) -> FileResponse:
    """The file as an attachment under its original name; a file ``user`` may not see is a 404."""
    record = get_object_or_404(ManuscriptFile.objects.select_related("submission"), pk=file_id)
    if not permissions.can_view(user, record.submission):
        raise Http404("No such file.")
    return FileResponse(
        record.file.open("rb"), as_attachment=True, filename=record.original_name, content_type=record.content_type
    )
