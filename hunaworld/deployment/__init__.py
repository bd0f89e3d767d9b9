"""Deployment helpers: the scrapyd egg (``python -m hunaworld.deployment.egg``)."""
