"""Site administrators link a panel member's account to their person page."""

import pytest
from django.urls import reverse

from meetings.models import PersonPage
from tests import factories
from tests.home.install import user_in

URL = "/admin/person-accounts/"


@pytest.fixture
def person(site_tree):
    return factories.PersonPageFactory(parent=site_tree["people"], given_name="Claire")


@pytest.mark.django_db
def test_a_site_administrator_links_and_unlinks_an_account(client, person):
    assert reverse("home_person_accounts") == URL
    member = user_in("member", "claire")
    client.force_login(user_in("admin"))

    response = client.post(URL, {"person": person.pk, "user": member.pk})

    assert response.status_code == 302
    assert PersonPage.objects.get(pk=person.pk).user == member
    assert "claire" in client.get(URL).content.decode()
    client.post(URL, {"person": person.pk, "user": ""})
    assert PersonPage.objects.get(pk=person.pk).user is None


@pytest.mark.django_db
def test_an_account_already_linked_elsewhere_is_refused(client, site_tree, person):
    other = factories.PersonPageFactory(parent=site_tree["people"], given_name="Anna")
    member = user_in("member", "claire", person=other.slug)
    client.force_login(user_in("admin"))

    response = client.post(URL, {"person": person.pk, "user": member.pk})

    assert response.status_code == 400
    assert f"claire is already linked to {other.title}" in response.content.decode()
    assert PersonPage.objects.get(pk=person.pk).user is None


@pytest.mark.django_db
def test_editors_and_moderators_cannot_link_accounts(client, person):
    member = user_in("member", "claire")
    for role in ("editor", "moderator"):
        client.force_login(user_in(role))
        response = client.post(URL, {"person": person.pk, "user": member.pk})
        # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
        assert (response.status_code, response.url) == (302, "/admin/"), role
    assert PersonPage.objects.get(pk=person.pk).user is None
