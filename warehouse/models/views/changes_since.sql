-- changes_since(since): the articles written by every load after a run, a load or a moment.
-- `since` is a crawl run id, a load id ('<source>/<run_id>') or anything that casts to a
-- timestamp ('2026-03-01', '2026-03-01 12:00+05'); loads that finished after it count.
create or replace macro changes_since(since) as table

with

loads as (
    select * from stg_loads
),

versions as (
    select * from stg_article_versions
),

articles as (
    select * from fct_articles
),

boundary as (
    select
        coalesce(
            (
                select max(loaded_at)
                from loads
                where load_id = cast(since as varchar) or run_id = cast(since as varchar)
            ),
            try_cast(cast(since as varchar) as timestamptz)
        ) as since_at
),

checked as (
    select
        case
            when since_at is null
                then error(
                    'changes_since: ' || cast(since as varchar)
                    || ' is neither a run id, a load id nor a timestamp'
                )
            else since_at
        end as since_at
    from boundary
),

later_loads as (
    select loads.*
    from loads
    cross join checked
    where loads.loaded_at > checked.since_at
),

final as (
    select
        later_loads.loaded_at,
        later_loads.load_id,
        later_loads.source_id,
        case when versions.article_version = 1 then 'new' else 'updated' end as change,
        versions.article_id,
        versions.article_version,
        articles.lang,
        versions.title,
        articles.url,
        articles.story_id,
        coalesce(articles.n_events, 0) as n_events,
        coalesce(articles.event_types, []::varchar[]) as event_types
    from versions
    inner join later_loads on versions.load_id = later_loads.load_id
    left join articles on versions.article_id = articles.article_id
)

select * from final
order by loaded_at, load_id, article_id;

comment on macro table changes_since is 'changes_since(since): articles new or updated by the loads after a run id, a load id or a timestamp, with their events.';
