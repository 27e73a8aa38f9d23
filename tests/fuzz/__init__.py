"""Property-based fuzzing of the executor's inputs (hypothesis); see cases.py."""
