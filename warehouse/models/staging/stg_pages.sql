-- stg_pages: the fetched pages without their bodies (the marts need when and what, not bytes).
create or replace view stg_pages as

select
    page_id,
    load_id,
    source_id,
    url,
    status as http_status,
    fetched_at,
    kind as page_kind
from pages;

comment on view stg_pages is 'Staging: pages renamed and cast. Raw HTTP responses as fetched, append-only: the evidence every article was parsed from.';
comment on column stg_pages.page_id is 'Page id: sha256 of load id and sequence number.';
comment on column stg_pages.load_id is 'The load that stored the page (_loads.load_id).';
comment on column stg_pages.source_id is 'The source of the page (sources.source_id).';
comment on column stg_pages.url is 'The page''s real URL on the source''s site.';
comment on column stg_pages.http_status is 'pages.status: HTTP status code of the response.';
comment on column stg_pages.fetched_at is 'When the response arrived (timezone-aware).';
comment on column stg_pages.page_kind is 'pages.kind: What the page is: article, listing, feed, api ...';
