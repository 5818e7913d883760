"""Models a site with its own base page would write over the mixins."""
