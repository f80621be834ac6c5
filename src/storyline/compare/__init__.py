"""compare stage: arrives with its issue (see DEVELOPERS.md)."""
