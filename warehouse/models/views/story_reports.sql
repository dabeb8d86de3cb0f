-- story_reports: one row per story (release) with every report of it across outlets and languages.
create or replace view story_reports as

with

articles as (
    select * from fct_articles
),

events as (
    select * from fct_events
),

story_events as (
    select
        story_id,
        count(distinct canonical_event_id) as n_events
    from events
    where story_id is not null
    group by story_id
),

stories as (
    select
        story_id,
        min(published_at) as first_published_at,
        arg_min(title, (not is_story_origin, published_at, article_id)) as title,
        arg_min(source_id, (not is_story_origin, published_at, article_id)) as origin_source,
        count(*) as n_reports,
        count(distinct source_id) as n_outlets,
        count(distinct lang) as n_languages,
        list_sort(list_distinct(list(source_id))) as outlets,
        list_sort(list_distinct(list(lang))) as languages,
        list(
            {
                'source_id': source_id,
                'lang': lang,
                'title': title,
                'url': url,
                'published_at': published_at
            }
            order by published_at, article_id
        ) as reports
    from articles
    where story_id is not null
    group by story_id
),

final as (
    select
        stories.story_id,
        stories.title,
        stories.origin_source,
        stories.first_published_at,
        stories.n_reports,
        stories.n_outlets,
        stories.n_languages,
        stories.n_outlets = 1 as single_outlet,
        stories.outlets,
        stories.languages,
        coalesce(story_events.n_events, 0) as n_events,
        stories.reports
    from stories
    left join story_events on stories.story_id = story_events.story_id
)

select * from final
order by first_published_at, story_id;

comment on view story_reports is 'One row per story (one release): its reports across outlets and languages; single_outlet finds the releases only one source carried.';
comment on column story_reports.story_id is 'The story (stories.story_id).';
comment on column story_reports.title is 'The headline of its origin (the ministry''s page, else the earliest report).';
comment on column story_reports.origin_source is 'The source of the origin.';
comment on column story_reports.first_published_at is 'The earliest publication of any report (timezone-aware).';
comment on column story_reports.n_reports is 'Articles reporting it (outlet and language versions).';
comment on column story_reports.n_outlets is 'Distinct sources reporting it.';
comment on column story_reports.n_languages is 'Distinct languages it was reported in.';
comment on column story_reports.single_outlet is 'True when only one source carried it (in any number of languages).';
comment on column story_reports.outlets is 'The sources, sorted.';
comment on column story_reports.languages is 'The languages, sorted.';
comment on column story_reports.n_events is 'Distinct events its reports describe.';
comment on column story_reports.reports is 'Each report: source, language, title, URL and publication time, oldest first.';
