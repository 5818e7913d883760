"""Share buttons and page metadata: plain links, no third-party request."""
