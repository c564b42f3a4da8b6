from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from home.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = (
        "Create a user in one of the editorial roles: editor, moderator, legal (legal "
        "reviewer), member (panel member) or admin (site administrator). Without "
        "--password the account has no usable password; set one with `changepassword`."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)

    def handle(self, *args, username, role, email, password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        setup_roles()  # idempotent; repairs a group someone deleted by hand
        user = User(username=username, email=email, is_staff=role == "admin")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(f"Created {username} ({ROLES[role]}).")
        if not password:
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")
