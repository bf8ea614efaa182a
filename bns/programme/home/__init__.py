"""BNS programme: home."""
