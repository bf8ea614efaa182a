"""Celery tasks of contacts/referrals (imported by contacts/tasks.py so the worker and beat know them)."""
