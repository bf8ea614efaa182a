"""Dashboards area "coaching"."""
