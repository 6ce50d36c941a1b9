"""The system status page (under ``editorial/``) and the load balancers' probes."""

from django.urls import path

from editorial.operations import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("editorial/status/", views.status, name="system-status"),
]
