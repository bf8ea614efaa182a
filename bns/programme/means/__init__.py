"""BNS programme: means (not built yet)."""
