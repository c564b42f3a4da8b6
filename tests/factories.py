"""Factories for the content model (wagtail-factories). Pages need a `parent`."""

import datetime
import zoneinfo

import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import HomePage
from meetings import models

LONDON = zoneinfo.ZoneInfo("Europe/London")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"District Council {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Venue
        django_get_or_create = ["name"]

    name = "Shire Hall"
    room = "Council Chamber"
    address = "Castle Street, Cambridge"


class CommitteeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CommitteeIndexPage

    title = "Committees"
    slug = "committees"


class PaperIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.PaperIndexPage

    title = "Papers"
    slug = "papers"


class PersonIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.PersonIndexPage

    title = "People"
    slug = "people"


class CommitteePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CommitteePage

    title = factory.Sequence(lambda n: f"Police and Crime Panel {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))


class MeetingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.MeetingPage

    start = factory.Sequence(
        lambda n: (
            datetime.datetime(2024, 1, 10, 13, 30, tzinfo=LONDON) + datetime.timedelta(days=7 * n)
        )
    )
    title = factory.LazyAttribute(lambda o: f"Panel meeting, {o.start:%-d %B %Y}")
    slug = factory.LazyAttribute(lambda o: o.start.date().isoformat())


class PaperPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.PaperPage

    title = factory.Sequence(lambda n: f"Report {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    date = datetime.date(2024, 7, 31)


class PersonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.PersonPage

    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = "Example"
    title = factory.LazyAttribute(lambda o: f"{o.given_name} {o.family_name}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))


class MinutesPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.MinutesPage

    title = "Minutes"
    slug = "minutes"


def home_page() -> HomePage:
    return HomePage.objects.get(depth=2)


def publish(page):
    """Publish through a revision, as editors do; returns the page as now saved (the
    instance passed in is not updated by publishing a revision)."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
