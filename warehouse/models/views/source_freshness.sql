-- source_freshness: per source, how old its newest item is against its cadence, and its crawls.
create or replace view source_freshness as

with

sources as (
    select * from stg_sources
),

cadence as (
    select * from ref_source_cadence
),

articles as (
    select * from fct_articles
),

crawls as (
    select * from stg_crawl_runs
),

loads as (
    select * from stg_loads
),

gaps as (
    select * from source_gaps
),

source_articles as (
    select
        source_id,
        count(*) as n_articles,
        max(published_at) as newest_published_at,
        min(published_at) as oldest_published_at
    from articles
    where is_relevant
    group by source_id
),

source_crawls as (
    select
        source_id,
        count(*) as n_crawls,
        count(*) filter (where crawl_verdict = 'partial') as n_partial_crawls,
        max(crawl_finished_at) as last_crawl_at,
        arg_max(crawl_verdict, crawl_finished_at) as last_crawl_verdict
    from crawls
    group by source_id
),

source_loads as (
    select
        source_id,
        max(loaded_at) as last_loaded_at
    from loads
    group by source_id
),

gap_stats as (
    select
        source_id,
        count(*) as n_gaps,
        max(gap_hours) as longest_gap_hours
    from gaps
    group by source_id
),

final as (
    select
        sources.source_id,
        sources.source_name,
        sources.source_kind,
        cadence.cadence_hours,
        coalesce(source_articles.n_articles, 0) as n_articles,
        source_articles.oldest_published_at,
        source_articles.newest_published_at,
        round(epoch(now() - source_articles.newest_published_at) / 3600, 1) as age_hours,
        coalesce(
            epoch(now() - source_articles.newest_published_at) / 3600 > cadence.cadence_hours,
            true
        ) as is_silent,
        coalesce(gap_stats.n_gaps, 0) as n_gaps,
        gap_stats.longest_gap_hours,
        coalesce(source_crawls.n_crawls, 0) as n_crawls,
        coalesce(source_crawls.n_partial_crawls, 0) as n_partial_crawls,
        source_crawls.last_crawl_at,
        source_crawls.last_crawl_verdict,
        source_loads.last_loaded_at
    from sources
    left join cadence on sources.source_id = cadence.source_id
    left join source_articles on sources.source_id = source_articles.source_id
    left join source_crawls on sources.source_id = source_crawls.source_id
    left join source_loads on sources.source_id = source_loads.source_id
    left join gap_stats on sources.source_id = gap_stats.source_id
)

select * from final
order by source_id;

comment on view source_freshness is 'Per source: its newest relevant item and its age now against the expected cadence, its gaps and its crawls.';
comment on column source_freshness.source_id is 'The source.';
comment on column source_freshness.source_name is 'The source''s name.';
comment on column source_freshness.source_kind is 'official, agency or outlet.';
comment on column source_freshness.cadence_hours is 'How old its newest item may be before its silence is an alert (the registry''s cadence).';
comment on column source_freshness.n_articles is 'Relevant articles held.';
comment on column source_freshness.oldest_published_at is 'Publication time of the oldest relevant article held.';
comment on column source_freshness.newest_published_at is 'Publication time of the newest relevant article held.';
comment on column source_freshness.age_hours is 'Hours from the newest article to now (the query''s time).';
comment on column source_freshness.is_silent is 'True when the newest article is older than the cadence, or there is none.';
comment on column source_freshness.n_gaps is 'Gaps between consecutive articles longer than the cadence (source_gaps).';
comment on column source_freshness.longest_gap_hours is 'The longest such gap, in hours.';
comment on column source_freshness.n_crawls is 'Crawls loaded.';
comment on column source_freshness.n_partial_crawls is 'Crawls loaded that finished with errors.';
comment on column source_freshness.last_crawl_at is 'When the latest loaded crawl finished.';
comment on column source_freshness.last_crawl_verdict is 'ok or partial: the latest loaded crawl''s verdict.';
comment on column source_freshness.last_loaded_at is 'When the latest load of the source committed.';
