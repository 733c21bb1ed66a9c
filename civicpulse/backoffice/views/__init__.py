"""Back-office pages, one module per concern; each view is thin and asks services/selectors."""
