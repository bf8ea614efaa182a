"""Networking: score."""
