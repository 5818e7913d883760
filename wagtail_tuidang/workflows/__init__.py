"""Page workflows: a Wagtail ``Task`` type needing N distinct reviewers."""
