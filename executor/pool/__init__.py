"""The worker pool: jobs on Redis Streams, workers that run them, a client that submits."""
