"""BNS programme: objectives (not built yet)."""
