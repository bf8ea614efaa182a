"""Celery tasks of contacts/intros (imported by contacts/tasks.py so the worker and beat know them)."""
