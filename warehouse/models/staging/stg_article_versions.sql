-- stg_article_versions: every version of every article's text, renamed for the marts.
create or replace view stg_article_versions as

select
    article_id,
    version as article_version,
    content_hash,
    title,
    seen_at as version_seen_at,
    load_id
from article_versions;

comment on view stg_article_versions is 'Staging: article_versions renamed and cast. Every version of every article''s text: one row each time the text changed.';
comment on column stg_article_versions.article_id is 'The article (articles.article_id).';
comment on column stg_article_versions.article_version is 'article_versions.version: Version number, 1 for the first.';
comment on column stg_article_versions.content_hash is 'sha256 of this version''s title and text.';
comment on column stg_article_versions.title is 'The headline of this version.';
comment on column stg_article_versions.version_seen_at is 'article_versions.seen_at: When this version was first fetched (timezone-aware).';
comment on column stg_article_versions.load_id is 'The load that stored this version (_loads.load_id).';
