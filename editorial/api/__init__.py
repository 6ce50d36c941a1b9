"""The REST API: serializers, viewsets and permissions over the same services the HTML uses."""
