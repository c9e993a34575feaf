"""Pricing service: quotes with tax and promotions applied."""

__version__ = "0.9.4"
