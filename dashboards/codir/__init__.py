"""Dashboards area "codir"."""
