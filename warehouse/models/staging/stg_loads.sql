-- stg_loads: every load (one landing batch each; only finished loads have rows), renamed.
create or replace view stg_loads as

select
    load_id,
    source_id,
    run_id,
    status as load_status,
    n_pages,
    n_articles_new,
    n_articles_updated,
    n_articles_unchanged,
    n_events,
    started_at as load_started_at,
    finished_at as loaded_at
from _loads;

comment on view stg_loads is 'Staging: _loads renamed and cast. One row per landing batch loaded into the warehouse; a load is visible only once its row says done.';
comment on column stg_loads.load_id is 'Load id: <source>/<run_id>, one landing batch.';
comment on column stg_loads.source_id is 'The source of the batch (sources.source_id).';
comment on column stg_loads.run_id is 'The crawl that wrote the batch (crawl_runs.run_id).';
comment on column stg_loads.load_status is '_loads.status: done: the whole batch is in (a load commits in one transaction, so no other status is stored).';
comment on column stg_loads.n_pages is 'Pages the load appended.';
comment on column stg_loads.n_articles_new is 'Articles the warehouse did not have before this load.';
comment on column stg_loads.n_articles_updated is 'Articles whose text changed (a new version) in this load.';
comment on column stg_loads.n_articles_unchanged is 'Articles seen again with the same text (only last_seen moved).';
comment on column stg_loads.n_events is 'Events extracted from the new and updated articles of this load.';
comment on column stg_loads.load_started_at is '_loads.started_at: When the load started (timezone-aware).';
comment on column stg_loads.loaded_at is '_loads.finished_at: When the load committed (timezone-aware).';
