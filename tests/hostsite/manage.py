#!/usr/bin/env python
"""Riverside Voices: an established Wagtail site of its own, with its own base
page model, base template, StreamField blocks and editorial workflow."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riverside.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
