"""Report stage: the JSON report, the terminal summary and the PAN XML files."""
