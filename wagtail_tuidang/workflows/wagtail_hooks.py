"""Wagtail admin registration of the workflow task type's log actions."""

from wagtail import hooks

from .log_actions import register_log_actions

hooks.register("register_log_actions", register_log_actions)
