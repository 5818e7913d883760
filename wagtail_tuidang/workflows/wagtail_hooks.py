"""Wagtail admin registrations of the workflow task type and of retention."""

from wagtail import hooks

from ..retention import register_log_actions as register_retention_log_actions
from .log_actions import register_log_actions

hooks.register("register_log_actions", register_log_actions)
hooks.register("register_log_actions", register_retention_log_actions)
