"""The programme area "report"."""
