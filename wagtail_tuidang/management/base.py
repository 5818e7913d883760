"""The base of the plugin's management commands."""

from django.core.management.base import BaseCommand


class TranslatedHelpCommand(BaseCommand):
    """A command whose ``help`` and argument helps may be lazy translations.

    argparse formats them with regular expressions, which need real strings:
    a lazy one made ``--help`` crash with a TypeError. They are turned into
    strings, in the active language, when the parser is built."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser
