"""BNS programme: objectives."""
