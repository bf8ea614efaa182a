"""Networking: networks."""
