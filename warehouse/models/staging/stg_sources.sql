-- stg_sources: the sources, renamed for the marts.
create or replace view stg_sources as

select
    source_id,
    kind as source_kind,
    name as source_name,
    base_url,
    languages as source_languages
from sources;

comment on view stg_sources is 'Staging: sources renamed and cast. One row per source the project crawls: the ministry itself, news agencies and outlets.';
comment on column stg_sources.source_id is 'Source id, the site''s host name (gov.kz, kt.kz, ...); also the spider''s name.';
comment on column stg_sources.source_kind is 'sources.kind: What the source is: official (the ministry), agency (a news agency) or outlet (a newspaper or site).';
comment on column stg_sources.source_name is 'sources.name: The source''s name for people.';
comment on column stg_sources.base_url is 'The site''s root URL.';
comment on column stg_sources.source_languages is 'sources.languages: The language versions the source publishes (ru, kk, en).';
