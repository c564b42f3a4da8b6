from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from home.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = (
        "Create a user in one of the editorial roles: editor, moderator, legal (legal "
        "reviewer), member (panel member) or admin (site administrator). Without "
        "--password the account has no usable password; set one with `changepassword`. "
        "--person links a panel member to their person page (by its slug), which lets "
        "them read the exempt papers of the committees they currently sit on."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)
        parser.add_argument(
            "--person", default=None, help="The slug of this user's person page (/people/<slug>/)."
        )

    def handle(self, *args, username, role, email, password, person=None, **options):
        from meetings.models import PersonPage

        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        person_page = None
        if person is not None:
            person_page = PersonPage.objects.filter(slug=person).first()
            if person_page is None:
                raise CommandError(f"There is no person page with the slug {person!r}.")
            if person_page.user_id is not None:
                raise CommandError(
                    f"The person page {person!r} is already linked to the user "
                    f"{person_page.user.username!r}."
                )
        setup_roles()  # idempotent; repairs a group someone deleted by hand
        user = User(username=username, email=email, is_staff=role == "admin")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(f"Created {username} ({ROLES[role]}).")
        if person_page is not None:
            # Not a new revision: the link is the person's, not a version of their page.
            PersonPage.objects.filter(pk=person_page.pk).update(user=user)
            self.stdout.write(f"Linked to the person page {person_page.title!r}.")
        if not password:
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")
