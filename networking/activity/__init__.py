"""Networking: activity."""
