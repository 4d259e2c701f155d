"""Real loopback HTTP servers used by integration tests and benchmarks."""
