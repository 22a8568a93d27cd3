"""The `safeguard` command: Django's management commands under the project's own name.

`safeguard demo`, `safeguard generate` and `safeguard calendar ...` are management commands of this project;
every Django command (migrate, createsuperuser, shell, ...) works too.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safeguard", *sys.argv[1:]])


if __name__ == "__main__":
    main()
