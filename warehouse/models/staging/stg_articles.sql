-- stg_articles: the articles, renamed for the marts; text language falls back to the page's.
create or replace view stg_articles as

select
    article_id,
    source_id,
    url,
    canonical_url,
    lang,
    coalesce(detected_lang, lang) as text_lang,
    title,
    body_text,
    published_at,
    published_time_known,
    attribution,
    story_id,
    relevant as is_relevant,
    version as article_version,
    content_hash,
    first_seen,
    last_seen,
    load_id
from articles;

comment on view stg_articles is 'Staging: articles renamed and cast. One row per article: a source''s page in one language, with its clean text and the story it belongs to.';
comment on column stg_articles.article_id is 'Article id: sha256 of source, canonical URL and language.';
comment on column stg_articles.source_id is 'The source that published it (sources.source_id).';
comment on column stg_articles.url is 'The URL it was read from.';
comment on column stg_articles.canonical_url is 'The canonical URL (tracking parameters and mirrors removed): one per article and language.';
comment on column stg_articles.lang is 'The page''s language version on the site: ru, kk or en.';
comment on column stg_articles.text_lang is 'The language of the text: detected_lang, else lang.';
comment on column stg_articles.title is 'The headline, cleaned.';
comment on column stg_articles.body_text is 'The article''s text, cleaned of navigation, captions and boilerplate; paragraphs separated by newlines.';
comment on column stg_articles.published_at is 'When the source says it was published (timezone-aware); see published_time_known.';
comment on column stg_articles.published_time_known is 'False when the source gave a date without a time of day (the time in published_at is then not real).';
comment on column stg_articles.attribution is 'Who the text credits: the ministry''s press service, an embassy, a news agency ...';
comment on column stg_articles.story_id is 'The story (one underlying release across outlets and languages) the article belongs to (stories.story_id).';
comment on column stg_articles.is_relevant is 'articles.relevant: Whether the article is about the ministry''s diplomacy (else kept, but not used for events).';
comment on column stg_articles.article_version is 'articles.version: Version number of the text, 1 for the first; grows when the text changes.';
comment on column stg_articles.content_hash is 'sha256 of the clean title and text: a change makes a new version.';
comment on column stg_articles.first_seen is 'When a crawl first fetched the article (timezone-aware).';
comment on column stg_articles.last_seen is 'When a crawl last fetched the article (timezone-aware).';
comment on column stg_articles.load_id is 'The load that last wrote the row (_loads.load_id).';
