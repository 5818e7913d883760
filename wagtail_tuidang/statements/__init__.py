"""Statements: data, status transitions, tallies and the public routes."""
