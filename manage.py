#!/usr/bin/env python
"""Django's command-line utility for Etalase."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Tells the settings which command runs, so source-only commands need no SECRET_KEY.
    os.environ["ETALASE_KEYLESS_COMMAND"] = sys.argv[1] if len(sys.argv) > 1 else ""
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
