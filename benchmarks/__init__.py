"""Benchmarks of mfa-watch: `python -m benchmarks` runs them all and writes BENCHMARKS.md.

Each `bench_*.py` module measures one thing (transform, rebuild, crawl, load, parsers against
trafilatura) and returns plain dicts; `__main__` runs them within a time budget, keeps the raw
results in data/bench/ (ignored by git) and renders the committed BENCHMARKS.md. The articles
come from `synthetic.py`: the snapshot's own texts with other names, places, dates and ids.
"""
