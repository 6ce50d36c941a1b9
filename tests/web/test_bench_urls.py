"""The benchmark's floor pages live in the bench URL configuration, never in production's."""

import pytest
from django.urls import NoReverseMatch, resolve, reverse


def test_production_urls_have_no_floor_page():
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")


@pytest.mark.urls("bench.urls")
def test_the_bench_urls_add_the_floor_pages_in_front_of_the_whole_site(client):
    assert resolve("/bench/floor/").url_name == "bench-floor"
    assert resolve("/bench/floor/57000/").url_name == "bench-floor-sized"
    assert resolve("/").url_name == "home"
    response = client.get("/bench/floor/100/")
    assert response.status_code == 200
    assert len(response.content) == 100
