"""BNS programme: strategy (not built yet)."""
