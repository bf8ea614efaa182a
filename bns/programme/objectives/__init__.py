"""BNS programme: SMART objectives and KPIs (step 3 and step 6)."""
