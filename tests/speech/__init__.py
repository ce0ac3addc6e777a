"""Speech service tests."""
