"""Celery tasks of contacts/plans (imported by contacts/tasks.py so the worker and beat know them)."""
