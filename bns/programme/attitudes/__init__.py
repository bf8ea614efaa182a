"""The programme area "attitudes"."""
