"""BNS programme: diagnostic."""
