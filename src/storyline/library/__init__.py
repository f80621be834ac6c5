"""library stage: arrives with its issue (see DEVELOPERS.md)."""
