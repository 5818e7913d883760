"""The security suite: each control of docs/explanation/threat-model.md,
tried as someone hostile would. Re-run on its own with
``python -m pytest tests/security``."""
