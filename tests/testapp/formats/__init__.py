"""Format modules of a site that writes Chinese dates its own way."""
