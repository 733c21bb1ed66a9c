"""The rollups the dashboards read."""
