"""A page type built from the mixin on a site's own base page behaves like the
ready-made StatementIndexPage."""

import pytest
from django import forms

from tests.factories import make_statement
from tests.testapp.models import CampaignStatementWall
from wagtail_tuidang.statements import tallies
from wagtail_tuidang.statements.forms import StatementForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall(home_page):
    page = CampaignStatementWall(title="Campaign wall", slug="wall", strapline="x")
    home_page.add_child(instance=page)
    return page


def test_a_custom_wall_serves_every_route(client, wall):
    for route in ("", "submit/", "receipt/", "stats/", "feed/", "feed/atom/"):
        response = client.get(wall.url + route)
        assert response.status_code == 200, route


def test_a_custom_wall_keeps_its_own_tallies(wall, index_page):
    statement, _ = make_statement(index_page=wall, status="published", people_count=2)
    assert tallies.get_figures(wall)["total"] == 2
    assert tallies.get_figures(index_page)["total"] == index_page.baseline_total
    assert statement.index_page_id == wall.pk


def test_templates_fall_back_from_the_site_model_to_the_package(wall):
    assert wall.get_route_template_names("stats") == [
        "testapp/campaignstatementwall_stats.html",
        "wagtail_tuidang/statements/stats.html",
    ]


class FormWithPledge(StatementForm):
    """A site's own statement form with one more field."""

    pledge = forms.CharField(label="Pledge of the campaign", required=False)


def test_a_wall_can_name_its_own_statement_form(client, wall, monkeypatch):
    monkeypatch.setattr(
        CampaignStatementWall,
        "statement_form_class",
        "tests.test_mixins.FormWithPledge",
        raising=False,
    )
    response = client.get(wall.url + "submit/")
    assert "Pledge of the campaign" in response.text
