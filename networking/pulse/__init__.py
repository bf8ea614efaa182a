"""Networking: pulse."""
