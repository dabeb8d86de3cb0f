-- stg_stories: one row per release across outlets and languages, renamed for the marts.
create or replace view stg_stories as

select
    story_id,
    origin_article_id,
    first_published_at as story_first_published_at,
    n_articles as story_n_articles,
    languages as story_languages,
    sources as story_sources
from stories;

comment on view stg_stories is 'Staging: stories renamed and cast. One row per underlying release: the articles that report it across outlets and languages.';
comment on column stg_stories.story_id is 'Story id, stable across loads.';
comment on column stg_stories.origin_article_id is 'The ministry''s own article when the warehouse has it, else the earliest article (articles.article_id).';
comment on column stg_stories.story_first_published_at is 'stories.first_published_at: The earliest publication time of its articles (timezone-aware).';
comment on column stg_stories.story_n_articles is 'stories.n_articles: How many articles (outlet and language versions) report it.';
comment on column stg_stories.story_languages is 'stories.languages: The languages it was reported in, sorted.';
comment on column stg_stories.story_sources is 'stories.sources: The sources that reported it, sorted.';
