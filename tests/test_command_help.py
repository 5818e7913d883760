"""Every management command of the plugin explains itself with ``--help``,
in English and in Chinese (lazy translations once made it crash)."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

COMMANDS = sorted(
    (app, name)
    for name, app in get_commands().items()
    if app.startswith("wagtail_tuidang") and name.startswith("tuidang_")
)


def test_the_plugins_commands_are_found():
    names = {name for _app, name in COMMANDS}
    assert {"tuidang_purge", "tuidang_rotate_keys", "tuidang_setup"} <= names


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("app", "name"), COMMANDS)
def test_help_is_printed(app, name, language):
    with translation.override(language):
        command = load_command_class(app, name)
        text = command.create_parser("manage.py", name).format_help()
        description = str(command.help)
    assert f"manage.py {name}" in text
    # The description, in the language asked for (its start: argparse
    # wraps the rest).
    assert description[:6] in text
