"""Benchmarks: the quality benchmark (quality.py, reuters_haystack.py) and its metrics."""
