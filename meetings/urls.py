from django.urls import path

from meetings import feeds, views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("meetings/", views.meeting_calendar, name="meetings"),
    path("meetings/calendar.ics", views.all_meetings_ics, name="meetings_ics"),
    path("meetings/<int:meeting_id>.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "committees/<slug:slug>/meetings.ics",
        views.committee_meetings_ics,
        name="committee_meetings_ics",
    ),
    path("feeds/papers.rss", feeds.PapersFeed(), name="papers_rss"),
    path("feeds/papers.atom", feeds.PapersAtomFeed(), name="papers_atom"),
    path("feeds/minutes.rss", feeds.MinutesFeed(), name="minutes_rss"),
    path("feeds/minutes.atom", feeds.MinutesAtomFeed(), name="minutes_atom"),
]
