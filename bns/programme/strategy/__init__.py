"""BNS programme: strategy."""
