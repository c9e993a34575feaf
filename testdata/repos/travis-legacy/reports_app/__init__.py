"""Monthly sales reports for the finance back office."""
