"""The offline snapshot: pages shaped like each real source, served on loopback.

No machine here reaches the live sites, so the demo and the spider tests crawl this instead.
Each site module renders its pages from project-written article data under `data/`.
"""

# When each site's copy was taken (Astana time): freshness in the demo is measured at this
# moment, as a live run measures it now. Each copy's newest item is a few hours older.
CAPTURED_AT = {
    "gov.kz": "2026-03-20T18:00:00+05:00",
    "kt.kz": "2026-03-27T18:00:00+05:00",
    "inform.kz": "2026-03-05T20:00:00+05:00",
    "astanatimes.com": "2026-03-03T20:00:00+05:00",
    "tengrinews.kz": "2026-03-05T18:00:00+05:00",
}
