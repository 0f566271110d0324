"""Tests of storyfold.copies."""
