"""Benchmarks: each section is a script that prints one JSON object; bench/run.py gathers them."""
