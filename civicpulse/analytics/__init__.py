"""Analytics: rollups kept as responses arrive, fair statistics, dashboards and open data."""
