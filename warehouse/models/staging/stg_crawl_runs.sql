-- stg_crawl_runs: every loaded crawl, renamed for the marts.
create or replace view stg_crawl_runs as

select
    run_id,
    source_id,
    started_at as crawl_started_at,
    finished_at as crawl_finished_at,
    finish_reason,
    verdict as crawl_verdict,
    verdict_reason as crawl_verdict_reason,
    n_items,
    n_pages,
    n_requests,
    n_errors
from crawl_runs;

comment on view stg_crawl_runs is 'Staging: crawl_runs renamed and cast. One row per crawl whose landing batch was loaded: its outcome, counts and Scrapy stats.';
comment on column stg_crawl_runs.run_id is 'The crawl''s run id, also the landing batch''s file name (UTC timestamp and a random suffix).';
comment on column stg_crawl_runs.source_id is 'The source crawled (sources.source_id).';
comment on column stg_crawl_runs.crawl_started_at is 'crawl_runs.started_at: When the crawl started (timezone-aware).';
comment on column stg_crawl_runs.crawl_finished_at is 'crawl_runs.finished_at: When the crawl finished (timezone-aware).';
comment on column stg_crawl_runs.finish_reason is 'Scrapy''s finish reason (finished, closespider_..., shutdown ...).';
comment on column stg_crawl_runs.crawl_verdict is 'crawl_runs.verdict: ok, or partial when the crawl finished with errors; failed crawls are never loaded.';
comment on column stg_crawl_runs.crawl_verdict_reason is 'crawl_runs.verdict_reason: Why the verdict is what it is, in words.';
comment on column stg_crawl_runs.n_items is 'Articles the crawl emitted.';
comment on column stg_crawl_runs.n_pages is 'Pages the crawl stored (articles, listings, feeds, API answers).';
comment on column stg_crawl_runs.n_requests is 'HTTP requests the crawl made.';
comment on column stg_crawl_runs.n_errors is 'Errors the crawl recorded (failed requests, layout changes, parse errors).';
