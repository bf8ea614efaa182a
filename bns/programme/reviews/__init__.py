"""BNS programme: reviews."""
