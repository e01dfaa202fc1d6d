"""Thin views: parse the request, call selectors, services and the core, render."""
