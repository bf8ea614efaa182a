"""BNS programme: means."""
