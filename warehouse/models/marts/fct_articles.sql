-- fct_articles: one row per article with its source, story and event counts.
create or replace table fct_articles as

with

articles as (
    select * from stg_articles
),

sources as (
    select * from stg_sources
),

stories as (
    select * from stg_stories
),

events as (
    select * from stg_events
),

article_events as (
    select
        article_id,
        count(*) as n_events,
        list_sort(list_distinct(list(event_type))) as event_types
    from events
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.source_id,
        sources.source_name,
        sources.source_kind,
        articles.lang,
        articles.text_lang,
        articles.title,
        articles.body_text,
        articles.url,
        articles.canonical_url,
        articles.published_at,
        cast(timezone('Asia/Almaty', articles.published_at) as date) as published_date,
        cast(date_trunc('month', timezone('Asia/Almaty', articles.published_at)) as date)
            as published_month,
        articles.published_time_known,
        articles.attribution,
        articles.story_id,
        coalesce(stories.origin_article_id = articles.article_id, false) as is_story_origin,
        coalesce(stories.story_n_articles, 1) as story_n_articles,
        articles.is_relevant,
        articles.article_version,
        coalesce(article_events.n_events, 0) as n_events,
        coalesce(article_events.event_types, []::varchar[]) as event_types,
        articles.first_seen,
        articles.last_seen,
        articles.load_id
    from articles
    left join sources on articles.source_id = sources.source_id
    left join stories on articles.story_id = stories.story_id
    left join article_events on articles.article_id = article_events.article_id
)

select * from final;

comment on table fct_articles is 'One row per article: its source, language, text, publication time, story and how many events it reports.';
comment on column fct_articles.article_id is 'Article id (articles.article_id).';
comment on column fct_articles.source_id is 'The source that published it (dim: sources).';
comment on column fct_articles.source_name is 'The source''s name for people.';
comment on column fct_articles.source_kind is 'official, agency or outlet.';
comment on column fct_articles.lang is 'The page''s language version: ru, kk or en.';
comment on column fct_articles.text_lang is 'The language of the text itself (detected; the page''s language when not detected).';
comment on column fct_articles.title is 'The headline.';
comment on column fct_articles.body_text is 'The clean text.';
comment on column fct_articles.url is 'The URL it was read from.';
comment on column fct_articles.canonical_url is 'The canonical URL.';
comment on column fct_articles.published_at is 'Publication time (timezone-aware).';
comment on column fct_articles.published_date is 'Publication date in Kazakhstan (Asia/Almaty time).';
comment on column fct_articles.published_month is 'First day of the publication month in Kazakhstan.';
comment on column fct_articles.published_time_known is 'False when the source gave only a date.';
comment on column fct_articles.attribution is 'Who the text credits.';
comment on column fct_articles.story_id is 'The story (release) it belongs to.';
comment on column fct_articles.is_story_origin is 'True for the story''s origin: the ministry''s own page, else the earliest report.';
comment on column fct_articles.story_n_articles is 'How many articles report the same story (1: only this one).';
comment on column fct_articles.is_relevant is 'Whether the article is about the ministry''s diplomacy.';
comment on column fct_articles.article_version is 'Version of the text, 1 for the first.';
comment on column fct_articles.n_events is 'Events extracted from this article.';
comment on column fct_articles.event_types is 'The kinds of those events, sorted.';
comment on column fct_articles.first_seen is 'When a crawl first fetched it.';
comment on column fct_articles.last_seen is 'When a crawl last fetched it.';
comment on column fct_articles.load_id is 'The load that last wrote it.';
