"""Networking: charter."""
