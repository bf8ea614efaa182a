"""Networking: profiles."""
