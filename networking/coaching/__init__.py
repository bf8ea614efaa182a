"""Networking: coaching."""
