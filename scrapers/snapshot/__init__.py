"""The offline snapshot: pages shaped like each real source, served on loopback.

No machine here reaches the live sites, so the demo and the spider tests crawl this instead.
Each site module renders its pages from project-written article data under `data/`.
"""
