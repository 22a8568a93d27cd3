"""`safeguard demo`: migrate, generate a synthetic authority if the database is empty, create demo accounts, serve."""

import datetime as dt
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from safeguard.accounts.demo import DEMO_PASSWORD, demo_accounts_create
from safeguard.people.models import Person


class Command(BaseCommand):
    help = "Set up and serve the demo: migrate, generate a synthetic authority, create demo accounts, run the server."

    def add_arguments(self, parser):
        parser.add_argument("--population", type=int, default=20000, help="Children aged 0-17 in the authority")
        parser.add_argument("--years", type=int, default=3, help="Years of history to generate")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not start the web server")

    def handle(self, *args, population, years, seed, port, no_serve, **options):
        settings.VAR_DIR.mkdir(exist_ok=True)
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        if Person.objects.exists():
            self.stdout.write("The database already holds an authority: keeping it (delete var/ to start again).")
        else:
            self.stdout.write(
                f"Generating a synthetic authority: {population:,} children, {years} years (seed {seed})..."
            )
            call_command("generate", population=population, years=years, seed=seed, as_of=dt.date.today().isoformat())
        accounts = demo_accounts_create()
        self.stdout.write(self.style.SUCCESS(f"Ready in {time.monotonic() - started:.0f} s."))
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<13} {account.description}")
        if no_serve:
            return
        self.stdout.write(f"\nServing on http://127.0.0.1:{port}/ (Ctrl+C to stop)\n")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
